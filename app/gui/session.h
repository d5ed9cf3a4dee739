// Session: one open project in margin-gui. It owns the GUI thread's
// app::Project (the same API the command line uses), applies every change
// as one committed operation of the project's history (no Save button: a
// change is on disk when apply() returns), and tells the views what changed.
//
// Long work (import, re-index, auto-coding, large tables, backups) runs on a
// worker thread with its own app::Project (one Project per thread, see
// app/project.h); its result comes back to the GUI thread through a queued
// call. SQLite's WAL lets the GUI keep reading while a worker writes.
//
// On open, a rolling backup of the project is taken in the background into
// "<project>.backups/" (the newest kBackupsKept are kept).
//
// Other processes (the command line, a second window) may change the
// project meanwhile: every kPollMs the session compares the store's
// generation with the last one it saw and, when someone else committed,
// tells the views to reload everything.
//
// Thread-safety: GUI thread only, except background() work, which touches
// only its own Project.
#pragma once

#include <QList>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <QTimer>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/project.h"

namespace margin::gui {

class Session : public QObject {
    Q_OBJECT
public:
    static constexpr int kBackupsKept = 5;
    static constexpr int kPollMs = 1500;

    // Opens the project at `path` (creates it with `create`). On failure
    // returns null and sets `error` to a message naming the file.
    static std::unique_ptr<Session> open(const QString& path, bool create, QString* error);
    ~Session() override;

    app::Project& project() { return *m_project; }
    const QString& path() const { return m_path; }
    QString displayName() const;
    // The coder recorded for codings made in this window (MARGIN_CODER, else
    // the project's default coder).
    std::string coder() const;

    // Runs one mutation of the codebook (one operation of the history). On
    // success announces it through changed() and returns true; on failure
    // emits failed() with the message (also put in `error`) and returns
    // false, with nothing changed.
    bool apply(const std::function<Result<codebook::Change>(codebook::Codebook&)>& mutation,
               QString* error = nullptr);
    bool undo();
    bool redo();
    // What undo() and redo() would do ("add coding …"); empty when nothing.
    QString undoText() const;
    QString redoText() const;
    // Tells every view that documents, participants or attributes changed
    // (after an import or an edit of the participants).
    void announceDocuments();
    // Reloads the views if another process changed the project since this
    // session last looked (also run every kPollMs); true if it had.
    bool checkForOutsideChanges();
    // Reports an error to the window.
    void fail(const QString& message) { emit failed(message); }

    // Runs `work` on a worker thread with its own Project opened on this
    // session's file; then `done` on the GUI thread (unless `context` is
    // gone by then). T is a Result<...>: a failure to open the project
    // becomes its error.
    template <class T>
    void background(QObject* context, std::function<T(app::Project&)> work,
                    std::function<void(const T&)> done);
    int running() const { return m_running; }
    // Processes events until no background work is left (at most
    // `timeoutMs`); false on timeout. For tests and for closing.
    bool waitForBackground(int timeoutMs = 60000);

    // Whether the search index is being rebuilt in the background (it was
    // missing, stale or damaged when the project was opened).
    bool indexing() const { return m_indexing; }

    // Where rolling backups of `project` go.
    static QString backupFolder(const QString& project);

signals:
    // A committed change: the documents whose codings it changed; empty
    // when it may have changed anything else (codes, their names and
    // colours, or an outside change).
    void changed(const QList<qint64>& documents);
    void documentsChanged();
    void historyChanged();
    void failed(const QString& message);
    void backgroundIdle();
    void backupDone(const QString& file);
    // The search index was rebuilt (`message` says why), or failed to be.
    void indexReady(const QString& message);

private:
    Session(QString path, std::unique_ptr<app::Project> project);
    void startThread(QThread* thread);
    void finishedOne();
    void rollingBackup();
    void prepareIndex();

    QString m_path;
    std::unique_ptr<app::Project> m_project;
    int m_running = 0;
    bool m_indexing = false;
    std::int64_t m_generation = -1;  // the store's, as last seen
    QTimer m_poll;
    std::vector<QPointer<QThread>> m_threads;
};

std::filesystem::path toPath(const QString& path);

template <class T>
void Session::background(QObject* context, std::function<T(app::Project&)> work,
                         std::function<void(const T&)> done) {
    const std::filesystem::path path = toPath(m_path);
    QPointer<QObject> guard(context);
    QThread* thread = QThread::create([this, path, work, guard, done]() {
        auto project = app::Project::open(path);
        auto result = std::make_shared<T>(project.isOk() ? work(**project) : T(project.status()));
        QMetaObject::invokeMethod(
            this,
            [this, guard, done, result]() {
                if (guard)
                    done(*result);
                finishedOne();
            },
            Qt::QueuedConnection);
    });
    startThread(thread);
}

}  // namespace margin::gui
