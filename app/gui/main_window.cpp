#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/gui/code_chooser.h"
#include "app/gui/models/models.h"
#include "app/gui/panes.h"
#include "app/gui/qtext.h"
#include "app/gui/session.h"

namespace margin::gui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Margin"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                   QMainWindow::AllowNestedDocks);
    resize(1400, 900);
    buildMenus();
    buildWelcome();
    updateActions();
}

MainWindow::~MainWindow() {
    // The panes hold references to the session: remove them first.
    for (auto* d : findChildren<QDockWidget*>())
        delete d;
    delete takeCentralWidget();
}

// --- menus -------------------------------------------------------------------------

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New project…"), this, &MainWindow::newProject);
    newAction->setShortcut(QKeySequence::New);
    QAction* openAction =
        file->addAction(tr("&Open project…"), this, &MainWindow::openProjectDialog);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] {
        m_recentMenu->clear();
        for (const auto& path : QSettings().value("recent").toStringList())
            m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
    });
    file->addSeparator();
    QAction* importFiles =
        file->addAction(tr("&Import files…"), this, [this] { chooseImport(false); });
    importFiles->setShortcut(tr("Ctrl+I"));
    QAction* importFolder =
        file->addAction(tr("Import a &folder…"), this, [this] { chooseImport(true); });
    QAction* importPeople = file->addAction(tr("Import &participants…"), this, [this] {
        if (m_participants)
            m_participants->importSheet();
    });
    QAction* backup = file->addAction(tr("&Back up the project…"), this, [this] {
        if (!m_session)
            return;
        QString to = QFileDialog::getSaveFileName(this, tr("Back up the project"),
                                                  m_session->path() + ".backup.margin",
                                                  tr("Margin projects (*.margin)"));
        if (to.isEmpty())
            return;
        auto status = m_session->project().store().backup(toPath(to), true);
        if (!status.isOk())
            showError(toQString(status.message()));
        else
            statusBar()->showMessage(tr("Backed up to %1").arg(to), 5000);
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    m_projectActions << importFiles << importFolder << importPeople << backup;

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    m_undo = edit->addAction(tr("&Undo"), this, &MainWindow::undo);
    m_undo->setShortcut(QKeySequence(tr("Ctrl+Z")));
    m_redo = edit->addAction(tr("&Redo"), this, &MainWindow::redo);
    m_redo->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Search the project"), this, [this] {
        if (!m_search)
            return;
        dock("search")->show();
        dock("search")->raise();
        m_search->queryBox()->setFocus();
        m_search->queryBox()->selectAll();
    });
    find->setShortcut(QKeySequence::Find);
    m_projectActions << find;

    QMenu* code = menuBar()->addMenu(tr("&Code"));
    QAction* codeWith = code->addAction(tr("Code &with…"), this, &MainWindow::codeWith);
    codeWith->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    QAction* inVivo =
        code->addAction(tr("Code as &new code (in vivo)"), this, &MainWindow::codeInVivo);
    inVivo->setShortcut(QKeySequence(tr("Ctrl+Shift+V")));
    m_selectionActions << codeWith << inVivo;
    code->addSeparator();
    QAction* newCode = code->addAction(tr("New &code…"), this, [this] {
        if (m_codebook)
            m_codebook->newCode();
    });
    QAction* editCode = code->addAction(tr("&Edit code…"), this, [this] {
        if (m_codebook)
            m_codebook->editCode();
    });
    QAction* pinCode = code->addAction(tr("Quick &key for code…"), this, [this] {
        if (m_codebook)
            m_codebook->pinCode();
    });
    code->addSeparator();
    QAction* reindex = code->addAction(tr("Re&build the search index"), this, [this] {
        if (!m_session)
            return;
        statusBar()->showMessage(tr("Rebuilding the search index…"));
        m_session->background<Result<std::int64_t>>(
            this, [](app::Project& p) { return p.rebuildIndex(); },
            [this](const Result<std::int64_t>& r) {
                if (!r.isOk())
                    showError(toQString(r.status().message()));
                else
                    statusBar()->showMessage(tr("Search index rebuilt: %1 passages").arg(*r), 5000);
            });
    });
    m_projectActions << codeWith << inVivo << newCode << editCode << pinCode << reindex;

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu* language = m_viewMenu->addMenu(tr("&Language"));
    for (const auto& [label, tag] : std::vector<std::pair<QString, QString>>{
             {tr("As the system"), QString()},
             {QStringLiteral("English"), QStringLiteral("en")},
             {QStringLiteral("简体中文"), QStringLiteral("zh_CN")}}) {
        QAction* a = language->addAction(label, this, [this, tag] {
            QSettings().setValue("language", tag);
            statusBar()->showMessage(tr("The language changes when Margin starts again."), 8000);
        });
        a->setCheckable(true);
        a->setChecked(QSettings().value("language").toString() == tag);
    }
    m_viewMenu->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Margin"), this, [this] {
        QMessageBox::about(this, tr("About Margin"),
                           tr("<h3>Margin</h3><p>Qualitative coding of interview transcripts.</p>"
                              "<p>Every change is saved at once. The same project works with "
                              "the <tt>margin</tt> command line.</p>"));
    });
}

void MainWindow::updateActions() {
    const bool open = m_session != nullptr;
    for (auto* a : m_projectActions)
        a->setEnabled(open);
    if (!open) {
        m_undo->setEnabled(false);
        m_redo->setEnabled(false);
        return;
    }
    QString u = m_session->undoText(), r = m_session->redoText();
    m_undo->setEnabled(!u.isEmpty());
    m_redo->setEnabled(!r.isEmpty());
    m_undo->setText(u.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(u));
    m_redo->setText(r.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(r));
}

// --- without a project ---------------------------------------------------------------

void MainWindow::buildWelcome() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    auto* title = new QLabel("<h1>" + tr("Margin") + "</h1><p>" +
                                 tr("Qualitative coding of interview transcripts.") + "</p>",
                             page);
    auto* buttons = new QHBoxLayout;
    auto* create = new QPushButton(tr("New project…"), page);
    auto* open = new QPushButton(tr("Open project…"), page);
    buttons->addWidget(create);
    buttons->addWidget(open);
    buttons->addStretch();
    auto* recent = new QListWidget(page);
    for (const auto& path : QSettings().value("recent").toStringList())
        recent->addItem(path);
    m_welcomeError = new QLabel(page);
    m_welcomeError->setWordWrap(true);
    m_welcomeError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_welcomeError->setStyleSheet("color: #c0392b;");
    m_welcomeError->hide();
    layout->addWidget(title);
    layout->addWidget(m_welcomeError);
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Recent projects:"), page));
    layout->addWidget(recent, 1);
    connect(create, &QPushButton::clicked, this, &MainWindow::newProject);
    connect(open, &QPushButton::clicked, this, &MainWindow::openProjectDialog);
    connect(recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openProject(item->text()); });
    setCentralWidget(page);
}

void MainWindow::newProject() {
    QString path = QFileDialog::getSaveFileName(this, tr("New project"), QString(),
                                                tr("Margin projects (*.margin)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".margin"))
        path += ".margin";
    openProject(path, true);
}

void MainWindow::openProjectDialog() {
    QString path = QFileDialog::getOpenFileName(this, tr("Open project"), QString(),
                                                tr("Margin projects (*.margin);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 10)
        recent.removeLast();
    settings.setValue("recent", recent);
}

bool MainWindow::openProject(const QString& path, bool create, bool openFirst) {
    QString error;
    auto session = Session::open(path, create, &error);
    if (!session) {
        // In the window, never a modal box: the banner over an open
        // project, else the start page's message.
        if (m_session) {
            showError(error);
        } else if (m_welcomeError) {
            m_welcomeError->setText(tr("Cannot open the project: %1").arg(error));
            m_welcomeError->show();
        }
        statusBar()->showMessage(error);
        return false;
    }
    if (m_session) {
        QSettings().setValue("windowState", saveState());
        for (auto* d : findChildren<QDockWidget*>())
            delete d;
        delete takeCentralWidget();
        m_transcript = nullptr;
        m_documents = nullptr;
        m_codebook = nullptr;
        m_search = nullptr;
        m_quotes = nullptr;
        m_table = nullptr;
        m_participants = nullptr;
    }
    m_session = std::move(session);
    m_welcomeError = nullptr;  // the start page goes with the project's UI
    addRecent(m_session->path());
    buildProjectUi(openFirst);
    setWindowTitle(tr("%1 — Margin").arg(m_session->displayName()));
    updateActions();
    return true;
}

QDockWidget* MainWindow::addPane(QWidget* pane, const QString& title, const QString& name,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(pane);
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

QDockWidget* MainWindow::dock(const QString& objectName) const {
    return findChild<QDockWidget*>(objectName);
}

void MainWindow::buildProjectUi(bool openFirst) {
    Session& s = *m_session;
    // The centre: an error banner above the transcript.
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner = new QWidget(centre);
    m_banner->setAutoFillBackground(true);
    QPalette warn = m_banner->palette();
    warn.setColor(QPalette::Window, QColor(0xfd, 0xed, 0xec));
    warn.setColor(QPalette::WindowText, QColor(0x92, 0x2b, 0x21));
    m_banner->setPalette(warn);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(m_banner);
    close->setText("×");
    close->setAutoRaise(true);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(close);
    m_banner->hide();
    connect(close, &QToolButton::clicked, m_banner, &QWidget::hide);
    m_transcript = new TranscriptView(s, centre);
    layout->addWidget(m_banner);
    layout->addWidget(m_transcript, 1);
    setCentralWidget(centre);
    m_transcript->setSelectionActions(m_selectionActions);

    m_documents = new DocumentsPane(s, this);
    m_codebook = new CodebookPane(s, this);
    m_search = new SearchPane(s, this);
    m_quotes = new QuotesPane(s, this);
    m_table = new TablePane(s, this);
    m_participants = new ParticipantsPane(s, this);
    auto* documents = addPane(m_documents, tr("Documents"), "documents", Qt::LeftDockWidgetArea);
    auto* codebook = addPane(m_codebook, tr("Codebook"), "codebook", Qt::RightDockWidgetArea);
    auto* search = addPane(m_search, tr("Search"), "search", Qt::BottomDockWidgetArea);
    auto* quotes = addPane(m_quotes, tr("Quotes"), "quotes", Qt::BottomDockWidgetArea);
    auto* table = addPane(m_table, tr("Table"), "table", Qt::BottomDockWidgetArea);
    auto* participants =
        addPane(m_participants, tr("Participants"), "participants", Qt::BottomDockWidgetArea);
    tabifyDockWidget(search, quotes);
    tabifyDockWidget(quotes, table);
    tabifyDockWidget(table, participants);
    search->raise();
    resizeDocks({documents, codebook}, {300, 340}, Qt::Horizontal);
    resizeDocks({search}, {300}, Qt::Vertical);
    QSettings settings;
    restoreGeometry(settings.value("geometry").toByteArray());
    restoreState(settings.value("windowState").toByteArray());

    // Quick keys 1–9 while the transcript has the focus.
    for (int key = 1; key <= 9; ++key) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::Key_0 + key), m_transcript);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, key] { codeWithQuickKey(key); });
    }

    connect(m_documents, &DocumentsPane::documentActivated, this, [this](corpus::DocumentId id) {
        if (id != m_transcript->document())
            openDocument(id);
    });
    connect(m_codebook, &CodebookPane::codeClicked, this, [this](codebook::CodeId code) {
        if (m_transcript->selection())
            codeSelection(code);
    });
    connect(m_codebook, &CodebookPane::selectionDropped, this,
            [this](codebook::CodeId code) { codeSelection(code); });
    connect(m_search, &SearchPane::hitActivated, this, [this](const indexer::Hit& hit) {
        std::vector<CharSpan> matches(hit.matches.begin(), hit.matches.end());
        std::optional<CharSpan> first;
        if (!matches.empty())
            first = matches.front();
        else
            first = CharSpan{hit.start, hit.end};
        openDocument(hit.document, first, matches);
    });
    connect(m_quotes, &QuotesPane::quoteActivated, this,
            [this](corpus::DocumentId doc, corpus::CharPos a, corpus::CharPos b) {
                openDocument(doc, CharSpan{a, b});
            });
    connect(&s, &Session::failed, this, &MainWindow::showError);
    connect(&s, &Session::historyChanged, this, &MainWindow::updateActions);
    connect(&s, &Session::indexReady, this, [this](const QString& message) {
        if (!message.isEmpty())
            statusBar()->showMessage(message, 6000);
    });
    connect(&s, &Session::backupDone, this, [this](const QString& file) {
        statusBar()->showMessage(tr("Backup copy saved: %1").arg(file), 4000);
    });

    // The first document, so that the window opens on something to read.
    if (openFirst && m_documents->model().rowCount() > 0) {
        auto first = m_documents->model().documentAt(0);
        openDocument(first);
    }
}

// --- errors ----------------------------------------------------------------------------

void MainWindow::showError(const QString& message) {
    if (m_banner) {
        m_bannerText->setText(message);
        m_banner->show();
    }
    statusBar()->showMessage(message, 10000);
}

QString MainWindow::errorMessage() const {
    if (m_banner && m_banner->isVisible())
        return m_bannerText->text();
    if (!m_session && m_welcomeError && !m_welcomeError->isHidden())
        return m_welcomeError->text();
    return {};
}

// --- documents and coding -----------------------------------------------------------

void MainWindow::openDocument(corpus::DocumentId id, std::optional<CharSpan> select,
                              const std::vector<CharSpan>& matches) {
    if (!m_transcript)
        return;
    if (m_transcript->document() != id)
        m_transcript->openDocument(id);
    m_documents->selectDocument(id);
    m_transcript->showMatches(matches);
    if (select)
        m_transcript->select(select->first, select->second);
}

bool MainWindow::codeSelection(codebook::CodeId code) {
    if (!m_session || !m_transcript)
        return false;
    auto span = m_transcript->selection();
    if (!span) {
        statusBar()->showMessage(tr("Select some text in the transcript first."), 5000);
        return false;
    }
    codebook::NewCoding coding{code,         m_transcript->document(), span->first,
                               span->second, m_session->coder(),       {}};
    if (!m_session->apply([coding](codebook::Codebook& c) { return c.addCodings({coding}); }))
        return false;
    const auto* c = m_codebook->model().code(code);
    statusBar()->showMessage(tr("Coded with %1").arg(c ? toQString(c->path) : QString()), 4000);
    return true;
}

bool MainWindow::codeWithQuickKey(int key) {
    if (!m_codebook)
        return false;
    auto code = m_codebook->pinned(key);
    if (!code) {
        statusBar()->showMessage(
            tr("No code has the key %1 yet (Code ▸ Quick key for code…).").arg(key), 5000);
        return false;
    }
    return codeSelection(*code);
}

bool MainWindow::codeInVivo() {
    if (!m_session || !m_transcript)
        return false;
    auto span = m_transcript->selection();
    if (!span) {
        statusBar()->showMessage(tr("Select some text in the transcript first."), 5000);
        return false;
    }
    // The selected words, on one line, without '/', shortened.
    QString name = m_transcript->selectedText().simplified();
    name.replace('/', ' ');
    if (name.size() > 60)
        name = name.left(60).trimmed() + "…";
    if (name.isEmpty())
        return false;
    // The code (made if new) and the coding: one step of the history.
    const std::string path = toUtf8(name);
    codebook::NewCoding coding{
        0, m_transcript->document(), span->first, span->second, m_session->coder(), {}};
    if (!m_session->apply(
            [path, coding](codebook::Codebook& c) { return c.addCodeWithCodings(path, {coding}); }))
        return false;
    statusBar()->showMessage(tr("Coded with the new code %1").arg(name), 4000);
    return true;
}

void MainWindow::codeWith() {
    if (!m_session || !m_transcript)
        return;
    if (!m_transcript->selection()) {
        statusBar()->showMessage(tr("Select some text in the transcript first."), 5000);
        return;
    }
    if (auto code = CodeChooser::choose(*m_session, this, tr("Code with…")))
        codeSelection(*code);
}

bool MainWindow::undo() {
    if (!m_session)
        return false;
    QString what = m_session->undoText();
    if (!m_session->undo())
        return false;
    statusBar()->showMessage(tr("Undone: %1").arg(what), 4000);
    return true;
}

bool MainWindow::redo() {
    if (!m_session)
        return false;
    QString what = m_session->redoText();
    if (!m_session->redo())
        return false;
    statusBar()->showMessage(tr("Redone: %1").arg(what), 4000);
    return true;
}

// --- import ----------------------------------------------------------------------------

void MainWindow::chooseImport(bool folder) {
    if (!m_session)
        return;
    QStringList paths;
    if (folder) {
        QString dir = QFileDialog::getExistingDirectory(this, tr("Import a folder"));
        if (!dir.isEmpty())
            paths << dir;
    } else {
        paths = QFileDialog::getOpenFileNames(this, tr("Import files"), QString(),
                                              tr("Transcripts (*.txt *.md *.docx *.odt *.pdf *.rtf "
                                                 "*.html *.htm *.srt *.vtt);;All files (*)"));
    }
    if (!paths.isEmpty())
        importPaths(paths);
}

void MainWindow::importPaths(const QStringList& paths) {
    if (!m_session)
        return;
    importInBackground(*m_session, this, paths,
                       [this](const QList<ImportLine>& lines, bool cancelled) {
                           delete m_importReport;
                           m_importReport = new ImportReportDialog(this, lines, cancelled);
                           m_importReport->show();
                           updateActions();
                       });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (m_session && event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const auto& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        importPaths(paths);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("geometry", saveGeometry());
    if (m_session) {
        settings.setValue("windowState", saveState());
        m_session->waitForBackground();
    }
    event->accept();
}

}  // namespace margin::gui
