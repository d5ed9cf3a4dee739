// margin-gui driven as a user would: the real window, real widgets, the
// real project file (SQLite) and search index (Xapian), offscreen.
#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QTranslator>
#include <QTreeView>

#include <csignal>
#include <cstdlib>
#include <set>
#include <thread>

#include "app/gui/code_chooser.h"
#include "app/gui/models/models.h"
#include "app/gui/panes.h"
#include "app/gui/translations.h"
#include "corpus/offsets.h"
#include "tests/gui/gui_fixture.h"

namespace margin::gui::test {
namespace {

using margin::test::writeFile;

// --- the coding gesture ------------------------------------------------------------

TEST_F(GuiTest, QuickKeyCodesTheSelectionShowsItInTheMarginAndUndoRedoFollow) {
    open();
    const auto doc = documentNamed("T04");
    window->openDocument(doc);
    auto* transcript = window->transcript();
    auto& codebook = window->codebookPane()->model();
    auto pinned = window->codebookPane()->pinned(1);
    ASSERT_TRUE(pinned.has_value());
    const codebook::CodeId code = *pinned;
    const auto before = codebook.countsOf(code).segments;
    const auto codingsBefore = transcript->codings().codings().size();

    // Select "Business Report" with the mouse's worth of slack: snapping
    // widens a selection that cuts a word.
    auto [qa, qb] = selectInTranscript("usiness Repor");
    auto expected = transcript->text()->spanFromQt(qa - 1, qb + 1);
    ASSERT_EQ(transcript->text()->slice(expected.first, expected.second), "Business Report");
    QTest::keyClick(transcript->editor(), Qt::Key_1);

    ASSERT_TRUE(waitFor([&] { return codebook.countsOf(code).segments == before + 1; }))
        << "the code's count did not go up";
    ASSERT_EQ(transcript->codings().codings().size(), codingsBefore + 1);
    const codebook::Coding* added = nullptr;
    for (const auto& c : transcript->codings().codings())
        if (c.code == code && c.start == expected.first && c.end == expected.second)
            added = &c;
    ASSERT_NE(added, nullptr) << "no coding of the selected words";
    const codebook::CodingId id = added->id;
    // In the margin: a bracket for it, named after the code.
    transcript->select(expected.first, expected.second);
    QApplication::processEvents();
    auto hasBracket = [&] {
        for (const auto& b : transcript->brackets())
            if (b.coding->id == id)
                return b.name == toQString(codebook.code(code)->name) && b.bottom > b.top;
        return false;
    };
    EXPECT_TRUE(hasBracket());
    // On disk now: another process sees it.
    {
        auto other = app::Project::open(project);
        ASSERT_TRUE(other.isOk());
        auto coding = (*other)->codebook().coding(id);
        ASSERT_TRUE(coding.isOk());
        EXPECT_EQ(coding->start, expected.first);
    }

    // Ctrl+Z takes it back, Ctrl+Shift+Z brings it again.
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier);
    ASSERT_TRUE(waitFor([&] { return codebook.countsOf(code).segments == before; }));
    EXPECT_EQ(transcript->codings().codings().size(), codingsBefore);
    EXPECT_FALSE(hasBracket());
    QTest::keyClick(window.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(waitFor([&] { return codebook.countsOf(code).segments == before + 1; }));
    EXPECT_EQ(transcript->codings().codings().size(), codingsBefore + 1);

    // The command line shares the history: it undoes the window's coding.
    int exit = -1;
    runMargin({"-p", toQString(project.string()), "undo"}, &exit);
    EXPECT_EQ(exit, 0);
    auto other = app::Project::open(project);
    ASSERT_TRUE(other.isOk());
    auto counts = (*other)->codebook().counts();
    ASSERT_TRUE(counts.isOk());
    EXPECT_EQ((*counts)[code].segments, before);
}

TEST_F(GuiTest, AltSelectionIsNotSnappedAndInVivoNamesTheCode) {
    open();
    window->openDocument(documentNamed("T04"));
    auto* transcript = window->transcript();
    selectInTranscript("usiness Repor");
    auto snapped = transcript->selection();
    auto exact = transcript->selection(true);
    ASSERT_TRUE(snapped && exact);
    EXPECT_EQ(transcript->text()->slice(snapped->first, snapped->second), "Business Report");
    EXPECT_EQ(transcript->text()->slice(exact->first, exact->second), "usiness Repor");

    selectInTranscript("Business Report");
    ASSERT_TRUE(window->codeInVivo());
    auto code = window->session()->project().codebook().findCode("Business Report");
    ASSERT_TRUE(code.isOk()) << code.status().message();
    ASSERT_TRUE(
        waitFor([&] { return window->codebookPane()->model().countsOf(code->id).segments == 1; }));
    // One undo takes back the coding and the new code.
    ASSERT_TRUE(window->undo());
    EXPECT_FALSE(window->session()->project().codebook().findCode("Business Report").isOk());
    ASSERT_TRUE(window->redo());
    EXPECT_TRUE(window->session()->project().codebook().findCode("Business Report").isOk());
}

TEST_F(GuiTest, CodeWithBoxFindsTheCodeByTyping) {
    open();
    window->openDocument(documentNamed("T04"));
    selectInTranscript("Business Report");
    auto target = window->session()->project().codebook().findCode("Data-analysis gap");
    ASSERT_TRUE(target.isOk());
    QTimer::singleShot(200, [] {
        auto* chooser = qobject_cast<CodeChooser*>(QApplication::activeModalWidget());
        ASSERT_NE(chooser, nullptr);
        QTest::keyClicks(chooser->filter(), "data-an");
        QTest::keyClick(chooser->filter(), Qt::Key_Return);
    });
    // Ctrl+Shift+C, as the user types it.
    QTest::keyClick(window->transcript()->editor(), Qt::Key_C,
                    Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(waitFor([&] {
        for (const auto& c : window->transcript()->codings().codings())
            if (c.code == target->id &&
                window->transcript()->text()->slice(c.start, c.end) == "Business Report")
                return true;
        return false;
    }));
}

TEST_F(GuiTest, DroppingASelectionOnACodeCodesIt) {
    open();
    window->openDocument(documentNamed("T04"));
    selectInTranscript("Business Report");
    auto& model = window->codebookPane()->model();
    auto target = window->session()->project().codebook().findCode("Teaching");
    ASSERT_TRUE(target.isOk());
    const auto before = model.countsOf(target->id).segments;
    // The drag's data, as the transcript makes it.
    std::unique_ptr<QMimeData> mime(window->transcript()->editor()->selectionMimeData());
    ASSERT_TRUE(mime->hasFormat(kSelectionMime));
    model.dropMimeData(mime.get(), Qt::CopyAction, -1, -1, model.indexOf(target->id));
    ASSERT_TRUE(waitFor([&] { return model.countsOf(target->id).segments == before + 1; }));
}

TEST_F(GuiTest, MarginBracketsSelectTheirTextAndOfferRemoval) {
    open();
    window->openDocument(documentNamed("E01"));
    auto* transcript = window->transcript();
    const auto& codings = transcript->codings().codings();
    ASSERT_FALSE(codings.empty());
    const codebook::Coding first = codings.front();
    transcript->select(first.start, first.start);
    QApplication::processEvents();
    auto brackets = transcript->brackets();
    auto it = std::find_if(brackets.begin(), brackets.end(),
                           [&](const auto& b) { return b.coding->id == first.id; });
    ASSERT_NE(it, brackets.end());
    EXPECT_GT(transcript->laneCount(), 0);
    // Every bracket lies within the margin and has a label.
    for (const auto& b : brackets) {
        EXPECT_LE(b.top, b.bottom);
        EXPECT_FALSE(b.name.isEmpty());
    }
    // A click on the bracket's label selects the coded text.
    QTest::mouseClick(transcript->margin(), Qt::LeftButton, {}, it->label.center());
    auto selected = transcript->selection(true);
    ASSERT_TRUE(selected);
    EXPECT_EQ(*selected, (CharSpan{first.start, first.end}));
    // Right-click, "Remove coding".
    const auto before = codings.size();
    QTimer::singleShot(300, [] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        ASSERT_NE(menu, nullptr);
        for (auto* action : menu->actions())
            if (action->text() == "Remove coding")
                action->trigger();
        menu->close();
    });
    QPoint at = it->label.center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, transcript->margin()->mapToGlobal(at));
    QApplication::sendEvent(transcript->margin(), &event);
    ASSERT_TRUE(waitFor([&] { return transcript->codings().codings().size() == before - 1; }));
    EXPECT_TRUE(window->undo());
    EXPECT_EQ(transcript->codings().codings().size(), before);
}

// --- search ------------------------------------------------------------------------

TEST_F(GuiTest, SearchOpensAHitWithItsWordsAndCodesAllResults) {
    open();
    auto* search = window->searchPane();
    search->queryBox()->setText("数据分析");
    QTest::keyClick(search->queryBox(), Qt::Key_Return);
    indexer::SearchOptions options;
    options.limit = 0;
    auto expected = window->session()->project().search("数据分析", options);
    ASSERT_TRUE(expected.isOk());
    ASSERT_GT(expected->total, 5);
    EXPECT_EQ(search->model().rowCount(), std::min<qint64>(expected->total, 500));
    EXPECT_TRUE(search->countLabel()->text().contains(QString::number(expected->total)))
        << search->countLabel()->text().toStdString();

    // Click the third result: its document opens with the words selected.
    auto* view = search->view();
    QModelIndex cell = search->model().index(2, SearchResultsModel::Passage);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(cell).center());
    const indexer::Hit* hit = search->model().hitAt(2);
    ASSERT_EQ(window->transcript()->document(), hit->document);
    auto selected = window->transcript()->selection(true);
    ASSERT_TRUE(selected);
    EXPECT_EQ(*selected, hit->matches.front());
    EXPECT_EQ(window->transcript()->text()->slice(selected->first, selected->second), "数据分析");

    // Code all results (the dialog, accepted as a user would).
    ASSERT_TRUE(window->session()->apply(
        [](codebook::Codebook& c) { return c.addCode("Auto/Data analysis mentioned"); }));
    auto code = window->session()->project().codebook().findCode("Auto/Data analysis mentioned");
    ASSERT_TRUE(code.isOk());
    app::Project::AutocodeOptions plan;
    plan.speaker.reset();
    auto planned = window->session()->project().planAutocode("数据分析", code->id, plan);
    ASSERT_TRUE(planned.isOk());
    QTimer::singleShot(300, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        ASSERT_NE(dialog, nullptr);
        auto boxes = dialog->findChildren<QComboBox*>();
        ASSERT_FALSE(boxes.empty());
        boxes[0]->setCurrentIndex(boxes[0]->findText("Auto/Data analysis mentioned"));
        auto previews = dialog->findChildren<QLabel*>();
        bool shown = false;
        for (auto* l : previews)
            shown =
                shown || l->text().contains(QString::number(planned->codings.size()) + " spans");
        EXPECT_TRUE(shown) << "the preview does not say how many spans";
        dialog->accept();
    });
    search->codeAllResults();
    auto& model = window->codebookPane()->model();
    ASSERT_TRUE(waitFor([&] {
        return model.countsOf(code->id).segments == static_cast<qint64>(planned->codings.size());
    }));
    EXPECT_GT(model.countsOf(code->id).segments, 5);
    // One operation: one undo takes every auto-coding back.
    ASSERT_TRUE(window->undo());
    ASSERT_TRUE(waitFor([&] { return model.countsOf(code->id).segments == 0; }));
}

TEST_F(GuiTest, ASearchErrorIsShownInThePaneNotACrash) {
    open();
    auto* search = window->searchPane();
    search->queryBox()->setText("code:\"No such code\"");
    EXPECT_FALSE(search->runSearch());
    EXPECT_TRUE(search->countLabel()->text().contains("No such code"))
        << search->countLabel()->text().toStdString();
    EXPECT_EQ(search->model().rowCount(), 0);
}

// --- the table ---------------------------------------------------------------------

QString expectedText(const QJsonValue& v, const QString& kind) {
    if (v.isNull())
        return {};
    if (v.isString())
        return v.toString();
    if (kind == "percent")
        return QString::number(v.toDouble() * 100, 'f', 1) + "%";
    if (kind == "integer")
        return QString::number(v.toInteger());
    return QString::number(v.toDouble());
}

TEST_F(GuiTest, TablePaneShowsTheNumbersMarginTablePrints) {
    open();
    auto* table = window->tablePane();
    window->dock("table")->raise();
    table->attributeBox()->setCurrentIndex(table->attributeBox()->findData("role"));
    table->rollupBox()->setChecked(true);
    for (int i = 0; i < table->measuresList()->count(); ++i) {
        auto* item = table->measuresList()->item(i);
        QString name = item->data(Qt::UserRole).toString();
        item->setCheckState(name == "participants" || name == "percent" || name == "segments"
                                ? Qt::Checked
                                : Qt::Unchecked);
    }
    window->session()->waitForBackground();
    ASSERT_TRUE(waitFor([&] { return !table->busy() && table->model().rowCount() > 0; }));
    window->session()->waitForBackground();

    int exit = -1;
    QString json =
        runMargin({"-p", toQString(project.string()), "table", "--by", "role", "--measure",
                   "segments,participants,percent", "--rollup", "--format", "json"},
                  &exit);
    ASSERT_EQ(exit, 0);
    auto tables = QJsonDocument::fromJson(json.toUtf8()).array();
    ASSERT_EQ(tables.size(), 1);
    auto t = tables[0].toObject();
    auto columns = t["columns"].toArray();
    auto rows = t["rows"].toArray();
    auto& model = table->model();
    ASSERT_EQ(model.rowCount(), rows.size());
    int compared = 0;
    for (int r = 0; r < rows.size(); ++r) {
        auto row = rows[r].toObject();
        for (int c = 0; c < model.columnCount(); ++c) {
            const auto& column =
                model.table().columns[static_cast<std::size_t>(model.reportColumn(c))];
            QString name = toQString(column.name);
            QString kind;
            for (const auto& col : columns)
                if (col.toObject()["name"].toString() == name)
                    kind = col.toObject()["kind"].toString();
            ASSERT_FALSE(kind.isEmpty()) << name.toStdString();
            QString shown = model.data(model.index(r, c), Qt::DisplayRole).toString().trimmed();
            EXPECT_EQ(shown, expectedText(row[name], kind))
                << "row " << r << " column " << name.toStdString();
            ++compared;
        }
    }
    EXPECT_GT(compared, 200);
    // And the chart has a bar per code row for each value column.
    ASSERT_NE(table->chartView()->chart(), nullptr);
    EXPECT_FALSE(table->chartView()->chart()->series().isEmpty());
}

// --- documents, participants, import --------------------------------------------------

TEST_F(GuiTest, DocumentsFilterByAttributeValueAndText) {
    open();
    auto* pane = window->documentsPane();
    auto* view = pane->view();
    EXPECT_EQ(view->model()->rowCount(), 18);
    pane->attributeBox()->setCurrentIndex(pane->attributeBox()->findData("role"));
    pane->valueBox()->setCurrentIndex(pane->valueBox()->findData("enterprise"));
    EXPECT_EQ(view->model()->rowCount(), 5);
    pane->attributeBox()->setCurrentIndex(0);
    QTest::keyClicks(pane->filterText(), "T0");
    EXPECT_EQ(view->model()->rowCount(), 5);
}

TEST_F(GuiTest, ImportReportListsWhatFailedAndWhy) {
    open();
    margin::test::TempDir files;
    writeFile(files.path() / "S09.txt", "访谈者：你好。\n\nS09：你好，我是学生。😀\n");
    writeFile(files.path() / "broken.docx", "not a zip at all");
    const int before = window->documentsPane()->model().rowCount();
    window->importPaths({toQString((files.path() / "S09.txt").string()),
                         toQString((files.path() / "broken.docx").string())});
    ASSERT_TRUE(waitFor([&] { return window->lastImportReport() != nullptr; }));
    auto* report = window->lastImportReport()->table();
    ASSERT_EQ(report->rowCount(), 2);
    std::map<QString, std::pair<QString, QString>> lines;
    for (int r = 0; r < 2; ++r)
        lines[report->item(r, 0)->text()] = {report->item(r, 1)->text(),
                                             report->item(r, 2)->text()};
    EXPECT_EQ(lines["S09.txt"].first, "imported");
    EXPECT_EQ(lines["broken.docx"].first, "failed");
    EXPECT_TRUE(lines["broken.docx"].second.contains("broken.docx"))
        << lines["broken.docx"].second.toStdString();
    EXPECT_EQ(window->documentsPane()->model().rowCount(), before + 1);
    EXPECT_TRUE(window->lastImportReport()->summary()->text().contains("1 imported"));
}

TEST_F(GuiTest, CancellingAnImportKeepsTheFilesImportedBefore) {
    open();
    margin::test::TempDir files;
    for (int i = 0; i < 40; ++i)
        writeFile(files.path() / ("P" + std::to_string(100 + i) + ".txt"),
                  "访谈者：第" + std::to_string(i) + "个问题？\n\n受访者：回答 " +
                      std::string(2000, 'x') + "\n");
    const int before = window->documentsPane()->model().rowCount();
    window->importPaths({toQString(files.path().string())});
    // The user presses Cancel at once.
    auto* progress = window->findChild<QProgressDialog*>();
    ASSERT_NE(progress, nullptr);
    auto* cancel = progress->findChild<QPushButton*>();
    ASSERT_NE(cancel, nullptr);
    cancel->click();
    ASSERT_TRUE(waitFor([&] { return window->lastImportReport() != nullptr; }));
    auto* report = window->lastImportReport();
    const int imported = report->table()->rowCount();
    EXPECT_GE(imported, 1);
    EXPECT_LT(imported, 40) << "the cancel was not heard";
    EXPECT_TRUE(report->summary()->text().contains("cancelled"))
        << report->summary()->text().toStdString();
    EXPECT_EQ(window->documentsPane()->model().rowCount(), before + imported);
    auto reopened = app::Project::open(project);
    ASSERT_TRUE(reopened.isOk());
    EXPECT_EQ(static_cast<int>((*reopened)->store().documents()->size()), before + imported);
}

TEST_F(GuiTest, ParticipantAttributeEditedInTheTableIsSaved) {
    open();
    auto& model = window->participantsPane()->model();
    int column = -1;
    for (int c = 0; c < model.columnCount(); ++c)
        if (model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == "title")
            column = c;
    ASSERT_GE(column, 0);
    ASSERT_TRUE(model.setData(model.index(0, column), "Lecturer", Qt::EditRole));
    auto people = app::Project::open(project);
    ASSERT_TRUE(people.isOk());
    auto list = (*people)->store().participants();
    ASSERT_TRUE(list.isOk());
    EXPECT_EQ(list->front().values.at("title"), "Lecturer");
}

// --- codebook ----------------------------------------------------------------------

TEST_F(GuiTest, ErrorsAppearInTheWindowAndChangeNothing) {
    open();
    auto& model = window->codebookPane()->model();
    auto teaching = model.indexOf(window->session()->project().codebook().findCode("Teaching")->id);
    ASSERT_TRUE(teaching.isValid());
    // Renaming "Teaching" to its sibling's name is refused.
    EXPECT_FALSE(model.setData(teaching, "Curriculum", Qt::EditRole));
    EXPECT_FALSE(window->errorMessage().isEmpty());
    EXPECT_TRUE(window->errorMessage().contains("Curriculum"))
        << window->errorMessage().toStdString();
    EXPECT_TRUE(window->session()->project().codebook().findCode("Dimensions/Teaching").isOk());
}

TEST_F(GuiTest, DroppingACodeOnAnotherMovesOrMergesAfterConfirmation) {
    open();
    auto& cb = window->session()->project().codebook();
    auto& model = window->codebookPane()->model();
    auto from = cb.findCode("Evaluation");
    auto onto = cb.findCode("Teaching");
    ASSERT_TRUE(from.isOk() && onto.isOk());
    const auto moved = model.countsOf(from->id).segments;
    const auto into = model.countsOf(onto->id).segments;
    auto drop = [&](const QString& button) {
        QTimer::singleShot(300, [button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            ASSERT_NE(box, nullptr);
            for (auto* b : box->buttons())
                if (b->text().startsWith(button))
                    b->click();
        });
        std::unique_ptr<QMimeData> mime(model.mimeData({model.indexOf(from->id)}));
        model.dropMimeData(mime.get(), Qt::MoveAction, -1, -1, model.indexOf(onto->id));
    };
    drop("Move under");
    ASSERT_TRUE(waitFor([&] { return cb.findCode("Dimensions/Teaching/Evaluation").isOk(); }));
    ASSERT_TRUE(window->undo());
    ASSERT_TRUE(waitFor([&] { return cb.findCode("Dimensions/Evaluation").isOk(); }));
    from = cb.findCode("Evaluation");
    ASSERT_TRUE(waitFor([&] { return model.indexOf(from->id).isValid(); }));
    drop("Merge into");
    ASSERT_TRUE(waitFor([&] { return !cb.findCode("Dimensions/Evaluation").isOk(); }));
    EXPECT_TRUE(waitFor([&] {
        return model.countsOf(onto->id).segments <= moved + into &&
               model.countsOf(onto->id).segments > into;
    }));
}

TEST_F(GuiTest, DroppingACodeBetweenRowsReordersTheCodebook) {
    open();
    auto& cb = window->session()->project().codebook();
    auto& model = window->codebookPane()->model();
    auto dimensions = cb.findCode("Dimensions");
    auto synergy = cb.findCode("Synergy");
    ASSERT_TRUE(dimensions.isOk() && synergy.isOk());
    auto children = [&] {
        QStringList names;
        QModelIndex parent = model.indexOf(dimensions->id);
        for (int r = 0; r < model.rowCount(parent); ++r)
            names << model.index(r, 0, parent).data().toString();
        return names;
    };
    ASSERT_EQ(children(), (QStringList{"Curriculum", "Teaching", "Evaluation", "Synergy"}));
    std::unique_ptr<QMimeData> mime(model.mimeData({model.indexOf(synergy->id)}));
    model.dropMimeData(mime.get(), Qt::MoveAction, 0, 0, model.indexOf(dimensions->id));
    ASSERT_TRUE(waitFor([&] { return children().value(0) == "Synergy"; }));
    EXPECT_EQ(children(), (QStringList{"Synergy", "Curriculum", "Teaching", "Evaluation"}));
    ASSERT_TRUE(window->undo());
    ASSERT_TRUE(waitFor([&] { return children().value(0) == "Curriculum"; }));
}

TEST_F(GuiTest, AFileThatIsNotAProjectIsAMessageNotACrash) {
    margin::test::TempDir files;
    writeFile(files.path() / "notes.margin", "these are my notes, not a project\n");
    const QString path = toQString((files.path() / "notes.margin").string());
    window = std::make_unique<MainWindow>();
    window->show();
    EXPECT_FALSE(window->openProject(path));
    EXPECT_EQ(window->session(), nullptr);
    EXPECT_TRUE(window->errorMessage().contains("notes.margin"))
        << window->errorMessage().toStdString();
    // The file is as it was.
    EXPECT_EQ(margin::test::readFile(files.path() / "notes.margin"),
              "these are my notes, not a project\n");
    // And a real project still opens in the same window.
    EXPECT_TRUE(window->openProject(toQString(project.string())));
    window->session()->waitForBackground();
    EXPECT_TRUE(window->errorMessage().isEmpty());
}

// --- models ------------------------------------------------------------------------

TEST_F(GuiTest, EveryModelPassesQAbstractItemModelTester) {
    open();
    using Tester = QAbstractItemModelTester;
    const auto fatal = Tester::FailureReportingMode::Fatal;
    auto* docs = window->documentsPane();
    Tester t1(&docs->model(), fatal);
    Tester t2(docs->view()->model(), fatal);
    Tester t3(&window->codebookPane()->model(), fatal);
    Tester t4(&window->transcript()->codings(), fatal);
    Tester t5(&window->searchPane()->model(), fatal);
    Tester t6(&window->quotesPane()->model(), fatal);
    Tester t7(&window->tablePane()->model(), fatal);
    Tester t8(&window->participantsPane()->model(), fatal);
    // Drive every model through its changes.
    docs->attributeBox()->setCurrentIndex(docs->attributeBox()->findData("role"));
    docs->valueBox()->setCurrentIndex(1);
    docs->view()->sortByColumn(2, Qt::DescendingOrder);
    window->openDocument(documentNamed("E01"));
    window->openDocument(documentNamed("S03"));
    selectInTranscript("数据");
    window->codeWithQuickKey(2);
    window->undo();
    window->searchPane()->queryBox()->setText("课程 OR curriculum");
    window->searchPane()->runSearch();
    window->dock("quotes")->raise();
    window->quotesPane()->showCode(
        "Predicaments/Curriculum–industry misalignment/Data-analysis gap");
    window->dock("table")->raise();
    window->tablePane()->refresh();
    window->session()->waitForBackground();
    window->participantsPane()->model().reload();
    QApplication::processEvents();
    EXPECT_GT(window->quotesPane()->model().rowCount(), 10);
    EXPECT_GT(window->searchPane()->model().rowCount(), 10);
}

// --- offsets at the Qt edge ----------------------------------------------------------

TEST(DocumentTextTest, ConvertsBetweenCodePointsAndQtPositions) {
    // "a😀b𠀀c" + "q̃" (q + combining tilde) + "é" + "中"
    const std::string text =
        "a\xF0\x9F\x98\x80"
        "b\xF0\xA0\x80\x80"
        "cq\xCC\x83\xC3\xA9\xE4\xB8\xAD";
    DocumentText doc(text);
    struct Case {
        corpus::CharPos pos;
        int qt;
    };
    const Case cases[] = {{0, 0}, {1, 1}, {2, 3}, {3, 4},  {4, 6},
                          {5, 7}, {6, 8}, {7, 9}, {8, 10}, {9, 11}};
    ASSERT_EQ(doc.length(), 9);
    for (const auto& c : cases) {
        EXPECT_EQ(doc.toQt(c.pos), c.qt) << "CharPos " << c.pos;
        EXPECT_EQ(doc.fromQt(c.qt), std::optional<corpus::CharPos>(c.pos)) << "Qt " << c.qt;
    }
    // Inside a surrogate pair: no CharPos; a selection there is widened.
    EXPECT_EQ(doc.fromQt(2), std::nullopt) << "inside 😀";
    EXPECT_EQ(doc.fromQt(5), std::nullopt) << "inside 𠀀";
    EXPECT_EQ(doc.toQt(10), -1) << "past the end";
    EXPECT_EQ(doc.spanFromQt(2, 5), (std::pair<corpus::CharPos, corpus::CharPos>{1, 4}))
        << "half of 😀 to half of 𠀀 takes both";
    EXPECT_EQ(doc.slice(3, 4), QString::fromUtf8("\xF0\xA0\x80\x80"));
    EXPECT_EQ(doc.slice(5, 7), QString::fromUtf8("q\xCC\x83")) << "q̃ is two code points";
}

TEST_F(GuiTest, CodingEmojiExtensionBAndCombiningMarksStoresCodePoints) {
    margin::test::TempDir files;
    const std::string text =
        "访谈者：你好😀。\n\n"
        "S01：我喜欢𠀀𠀁这个字，还有 q\xCC\x83 和 🇨🇳 国旗。\n";
    writeFile(files.path() / "S01.txt", text);
    auto created = app::Project::create(dir.path() / "offsets.margin");
    ASSERT_TRUE(created.isOk());
    (*created)->importFiles({files.path() / "S01.txt"}, {}, false, {});
    ASSERT_TRUE((*created)->codebook().addCode("Glyphs").isOk());
    created->reset();
    project = dir.path() / "offsets.margin";
    open();
    auto stored = window->session()->project().store().documentText(documentNamed("S01"));
    ASSERT_TRUE(stored.isOk());
    auto code = window->session()->project().codebook().findCode("Glyphs");
    ASSERT_TRUE(code.isOk());
    for (const QString& piece : {QString::fromUtf8("𠀀𠀁"), QString::fromUtf8("q\xCC\x83"),
                                 QString::fromUtf8("🇨🇳"), QString::fromUtf8("你好😀")}) {
        selectInTranscript(piece);
        auto exact = window->transcript()->selection(true);
        ASSERT_TRUE(exact);
        auto slice = corpus::sliceChars(*stored, exact->first, exact->second);
        ASSERT_TRUE(slice);
        EXPECT_EQ(toQString(*slice), piece) << piece.toStdString();
        ASSERT_TRUE(window->session()->apply([&](codebook::Codebook& c) {
            return c.addCodings(
                {{code->id, documentNamed("S01"), exact->first, exact->second, "tester", {}}});
        }));
    }
    // The stored spans read back as exactly those characters.
    auto codings = window->session()->project().codebook().codings(documentNamed("S01"));
    ASSERT_TRUE(codings.isOk());
    std::set<std::string> texts;
    for (const auto& c : *codings)
        texts.insert(std::string(*corpus::sliceChars(*stored, c.start, c.end)));
    EXPECT_EQ(texts, (std::set<std::string>{"𠀀𠀁", "q\xCC\x83", "🇨🇳", "你好😀"}));
    // And the highlighter and margin draw them where they are.
    EXPECT_EQ(window->transcript()->brackets().size(), 4u);
}

// --- several programs on one project ----------------------------------------------

TEST_F(GuiTest, ChangesFromTheCommandLineAppearInTheWindow) {
    open();
    window->openDocument(documentNamed("T04"));
    auto teaching = window->session()->project().codebook().findCode("Teaching");
    ASSERT_TRUE(teaching.isOk());
    auto& model = window->codebookPane()->model();
    const auto before = model.countsOf(teaching->id).segments;
    const auto shown = window->transcript()->codings().codings().size();
    int exit = -1;
    runMargin({"-p", toQString(project.string()), "code", "T04", "--quote", "Business Report",
               "--code", "Teaching"},
              &exit);
    ASSERT_EQ(exit, 0);
    // Within the session's polling interval, without any action in the window.
    ASSERT_TRUE(waitFor([&] { return model.countsOf(teaching->id).segments == before + 1; },
                        Session::kPollMs * 4));
    EXPECT_EQ(window->transcript()->codings().codings().size(), shown + 1);
    EXPECT_TRUE(window->dock("codebook")->isVisible());
}

TEST_F(GuiTest, ABusyProjectIsAClearMessageInTheWindowAndNothingIsLost) {
    // (MARGIN_BUSY_TIMEOUT_MS is 1 s in these tests: tests/gui/main.cpp.)
    open();
    window->openDocument(documentNamed("T04"));
    // Another program holds the write lock for a while.
    QProcess holder;
    holder.start("python3", {"-c",
                             "import sqlite3, sys, time\n"
                             "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                             "c.execute('BEGIN IMMEDIATE')\n"
                             "print('locked', flush=True)\n"
                             "time.sleep(4)\n",
                             toQString(project.string())});
    ASSERT_TRUE(holder.waitForReadyRead(20000));
    ASSERT_TRUE(holder.readAllStandardOutput().contains("locked"));
    selectInTranscript("Business Report");
    const auto codings = window->transcript()->codings().codings().size();
    EXPECT_FALSE(window->codeWithQuickKey(1));
    EXPECT_TRUE(window->errorMessage().contains("busy")) << window->errorMessage().toStdString();
    EXPECT_EQ(window->transcript()->codings().codings().size(), codings);
    holder.waitForFinished(20000);
    // Once the other program is done, the same gesture works.
    selectInTranscript("Business Report");
    EXPECT_TRUE(window->codeWithQuickKey(1));
    EXPECT_EQ(window->transcript()->codings().codings().size(), codings + 1);
}

// --- rolling backup ----------------------------------------------------------------

TEST_F(GuiTest, OpeningKeepsARollingBackup) {
    qunsetenv("MARGIN_NO_BACKUP");
    const QString path = toQString(project.string());
    for (int i = 0; i < Session::kBackupsKept + 2; ++i) {
        QString error;
        auto session = Session::open(path, false, &error);
        ASSERT_NE(session, nullptr) << error.toStdString();
        ASSERT_TRUE(session->waitForBackground());
        QThread::msleep(5);
    }
    qputenv("MARGIN_NO_BACKUP", "1");
    QDir backups(Session::backupFolder(path));
    auto files = backups.entryInfoList({"*.margin"}, QDir::Files);
    ASSERT_EQ(files.size(), Session::kBackupsKept);
    for (const auto& f : files) {
        auto copy = app::Project::open(toPath(f.absoluteFilePath()));
        ASSERT_TRUE(copy.isOk()) << f.absoluteFilePath().toStdString();
        auto codings = (*copy)->codebook().codings();
        ASSERT_TRUE(codings.isOk());
        EXPECT_EQ(codings->size(), 817u);
    }
}

// --- language ----------------------------------------------------------------------

TEST_F(GuiTest, UnderAChineseLocaleTheInterfaceIsChinese) {
    auto& app = *qApp;
    ASSERT_EQ(installTranslations(app, "zh_CN"), "zh_CN");
    open();
    QStringList menus;
    for (auto* a : window->menuBar()->actions())
        menus << a->text();
    EXPECT_EQ(menus.value(0), QString::fromUtf8("文件(&F)")) << menus.join(" ").toStdString();
    EXPECT_EQ(window->dock("codebook")->windowTitle(), QString::fromUtf8("编码本"));
    window.reset();
    for (auto* t : app.findChildren<QTranslator*>())
        QCoreApplication::removeTranslator(t);
}

// --- the program itself ----------------------------------------------------------------

TEST_F(GuiTest, ScreenshotsRenderEveryMainView) {
    margin::test::TempDir shots;
    QProcess p;
    p.start(MARGIN_GUI_BINARY,
            {"--screenshots", toQString(shots.path().string()), toQString(project.string())});
    ASSERT_TRUE(p.waitForFinished(120000));
    ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    for (const char* name : {"transcript.png", "transcript-chinese.png", "codebook.png",
                             "search.png", "quotes.png", "table.png", "import-report.png"}) {
        QImage image(toQString((shots.path() / name).string()));
        ASSERT_FALSE(image.isNull()) << name;
        EXPECT_GE(image.width(), 300) << name;
        // Not a blank picture: many distinct colours.
        std::set<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        EXPECT_GT(colours.size(), 20u) << name;
    }
    // The project the screenshots were taken of is untouched.
    auto after = app::Project::open(project);
    ASSERT_TRUE(after.isOk());
    EXPECT_EQ((*after)->store().documents()->size(), 18u);
}

// Killing the window right after a coding gesture loses nothing: a child
// (this test program) opens the window, codes by quick key, says so and
// waits; it is killed with SIGKILL; the coding is in the project.
TEST_F(GuiTest, KillAfterCodingGestureLosesNothing) {
    for (int round = 0; round < 3; ++round) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MARGIN_GUI_KILL_CHILD", toQString(project.string()));
        env.insert("MARGIN_GUI_KILL_ROUND", QString::number(round));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(),
                    {"--gtest_filter=GuiKillChild.DISABLED_CodeAndWait",
                     "--gtest_also_run_disabled_tests"});
        ASSERT_TRUE(child.waitForStarted());
        QString line;
        ASSERT_TRUE(waitFor(
            [&] {
                line += QString::fromUtf8(child.readAllStandardOutput());
                return line.contains("CODED ");
            },
            60000))
            << line.toStdString() << child.readAllStandardError().toStdString();
        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        child.waitForFinished();
        auto fields = line.mid(line.indexOf("CODED ") + 6).split(' ');
        ASSERT_GE(fields.size(), 2);
        const qint64 coding = fields[0].toLongLong();
        auto reopened = app::Project::open(project);
        ASSERT_TRUE(reopened.isOk()) << reopened.status().message();
        auto check = (*reopened)->store().check();
        ASSERT_TRUE(check.isOk());
        EXPECT_TRUE(check->empty());
        auto found = (*reopened)->codebook().coding(coding);
        ASSERT_TRUE(found.isOk()) << "round " << round << ": the coding is lost";
        EXPECT_EQ(found->start, fields[1].toLongLong());
    }
}

// DISABLED_: run only as the child of KillAfterCodingGestureLosesNothing.
TEST(GuiKillChild, DISABLED_CodeAndWait) {
    const char* path = std::getenv("MARGIN_GUI_KILL_CHILD");
    if (!path)
        GTEST_SKIP() << "the child of KillAfterCodingGestureLosesNothing";
    const int round = std::atoi(std::getenv("MARGIN_GUI_KILL_ROUND"));
    MainWindow window;
    ASSERT_TRUE(window.openProject(QString::fromUtf8(path)));
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto docs = window.session()->project().store().documents();
    ASSERT_TRUE(docs.isOk());
    window.openDocument((*docs)[static_cast<std::size_t>(round)].id);
    auto* editor = window.transcript()->editor();
    QTextCursor cursor(editor->document());
    cursor.setPosition(200 + round * 37);
    cursor.setPosition(260 + round * 37, QTextCursor::KeepAnchor);
    editor->setTextCursor(cursor);
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_3);
    auto span = window.transcript()->selection();
    ASSERT_TRUE(span);
    const codebook::Coding* made = nullptr;
    for (const auto& c : window.transcript()->codings().codings())
        if (c.start == span->first && c.end == span->second)
            made = &c;
    ASSERT_NE(made, nullptr);
    std::printf("CODED %lld %lld\n", static_cast<long long>(made->id),
                static_cast<long long>(made->start));
    std::fflush(stdout);
    // Busy with the window until killed.
    QTest::qWait(60000);
}

}  // namespace
}  // namespace margin::gui::test
