#include "app/gui/session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdlib>

#include "app/gui/qtext.h"

namespace margin::gui {

std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(toUtf8(path));
}

Session::Session(QString path, std::unique_ptr<app::Project> project)
    : m_path(std::move(path)), m_project(std::move(project)) {
    if (auto g = m_project->store().generation(); g.isOk())
        m_generation = *g;
    m_poll.setInterval(kPollMs);
    connect(&m_poll, &QTimer::timeout, this, &Session::checkForOutsideChanges);
    m_poll.start();
}

bool Session::checkForOutsideChanges() {
    auto g = m_project->store().generation();
    if (!g.isOk() || *g == m_generation)
        return false;
    m_generation = *g;
    emit documentsChanged();
    emit changed({});
    emit historyChanged();
    return true;
}

std::unique_ptr<Session> Session::open(const QString& path, bool create, QString* error) {
    auto project = create ? app::Project::create(toPath(path)) : app::Project::open(toPath(path));
    if (!project.isOk()) {
        if (error)
            *error = toQString(project.status().message());
        return nullptr;
    }
    std::unique_ptr<Session> session(
        new Session(QFileInfo(path).absoluteFilePath(), std::move(project).value()));
    if (!create) {
        session->rollingBackup();
        session->prepareIndex();
    }
    return session;
}

Session::~Session() {
    // Background work holds `this`; let it finish (its results are dropped).
    for (auto& thread : m_threads)
        if (thread)
            thread->wait();
}

QString Session::displayName() const {
    return QFileInfo(m_path).completeBaseName();
}

std::string Session::coder() const {
    auto coder = m_project->coder();
    return coder.isOk() ? *coder : std::string("default");
}

bool Session::apply(const std::function<Result<codebook::Change>(codebook::Codebook&)>& mutation,
                    QString* error) {
    auto change = m_project->change(mutation);
    if (!change.isOk()) {
        QString message = toQString(change.status().message());
        if (error)
            *error = message;
        emit failed(message);
        return false;
    }
    // This session's own commit: not an outside change.
    if (auto g = m_project->store().generation(); g.isOk())
        m_generation = *g;
    QList<qint64> documents(change->documents.begin(), change->documents.end());
    emit changed(documents);
    emit historyChanged();
    return true;
}

bool Session::undo() {
    return apply([](codebook::Codebook& c) { return c.undo(); });
}

bool Session::redo() {
    return apply([](codebook::Codebook& c) { return c.redo(); });
}

namespace {

// The history, newest first: undo takes the newest operation not undone;
// redo the oldest undone one newer than it.
struct UndoRedo {
    QString undo, redo;
};

UndoRedo undoRedo(const codebook::Codebook& codebook) {
    UndoRedo out;
    auto history = codebook.history(500);
    if (!history.isOk())
        return out;
    for (const auto& entry : *history) {
        if (entry.undone) {
            out.redo = toQString(entry.description);
            continue;
        }
        out.undo = toQString(entry.description);
        break;
    }
    return out;
}

}  // namespace

QString Session::undoText() const {
    return undoRedo(m_project->codebook()).undo;
}
QString Session::redoText() const {
    return undoRedo(m_project->codebook()).redo;
}

void Session::announceDocuments() {
    if (auto g = m_project->store().generation(); g.isOk())
        m_generation = *g;
    emit documentsChanged();
    emit changed({});
}

void Session::startThread(QThread* thread) {
    ++m_running;
    m_threads.erase(std::remove_if(m_threads.begin(), m_threads.end(),
                                   [](const QPointer<QThread>& t) { return t.isNull(); }),
                    m_threads.end());
    m_threads.emplace_back(thread);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void Session::finishedOne() {
    if (--m_running == 0)
        emit backgroundIdle();
}

bool Session::waitForBackground(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (m_running > 0) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

void Session::prepareIndex() {
    // A search must not wait for a rebuild on the GUI thread: a missing,
    // stale or damaged index is rebuilt in the background now.
    if (indexer::Index::state(m_project->store()) == indexer::Index::State::Fresh)
        return;
    m_indexing = true;
    background<Result<std::string>>(
        this,
        [](app::Project& p) -> Result<std::string> {
            std::string why;
            auto index = p.index([&why](const std::string& n) { why = n; });
            if (!index.isOk())
                return index.status();
            return why;
        },
        [this](const Result<std::string>& r) {
            m_indexing = false;
            if (!r.isOk())
                emit failed(tr("The search index could not be rebuilt: %1")
                                .arg(toQString(r.status().message())));
            else
                emit indexReady(toQString(*r));
        });
}

QString Session::backupFolder(const QString& project) {
    return project + ".backups";
}

void Session::rollingBackup() {
    if (const char* off = std::getenv("MARGIN_NO_BACKUP"); off && *off)
        return;
    const QString folder = backupFolder(m_path);
    const QString stem = QFileInfo(m_path).completeBaseName();
    const QString file = folder + "/" + stem + "-" +
                         QDateTime::currentDateTimeUtc().toString("yyyyMMdd-HHmmss-zzz") +
                         ".margin";
    background<Result<bool>>(
        this,
        [folder, file](app::Project& p) -> Result<bool> {
            if (!QDir().mkpath(folder))
                return Status::ioError(toUtf8(folder) + ": cannot create the backup folder");
            auto status = p.store().backup(toPath(file), false);
            if (!status.isOk())
                return status;
            // Keep the newest kBackupsKept.
            QDir dir(folder);
            auto files = dir.entryInfoList({"*.margin"}, QDir::Files, QDir::Name | QDir::Reversed);
            for (int i = kBackupsKept; i < files.size(); ++i)
                QFile::remove(files[i].absoluteFilePath());
            return true;
        },
        [this, file](const Result<bool>& r) {
            if (r.isOk())
                emit backupDone(file);
            else
                emit failed(
                    tr("Could not make the backup copy: %1").arg(toQString(r.status().message())));
        });
}

}  // namespace margin::gui
