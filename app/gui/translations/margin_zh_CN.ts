<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Segments (codings)</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Percent of the group&apos;s participants</source>
        <translation>占该组受访者的百分比</translation>
    </message>
    <message>
        <source>Words coded</source>
        <translation>已编码字数</translation>
    </message>
    <message>
        <source>Coverage of the group&apos;s speech</source>
        <translation>该组发言的覆盖率</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Spreadsheet (*.xlsx);;CSV (*.csv);;Web page (*.html);;Markdown (*.md)</source>
        <translation>电子表格 (*.xlsx);;CSV (*.csv);;网页 (*.html);;Markdown (*.md)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>%1 turns, speakers: %2</source>
        <translation>%1 个话轮，说话人：%2</translation>
    </message>
    <message>
        <source>Importing %1 (%2 of %3)…</source>
        <translation>正在导入 %1（第 %2 个，共 %3 个）…</translation>
    </message>
</context>
<context>
    <name>margin::gui::CodeChooser</name>
    <message>
        <source>Type part of a code&apos;s name…</source>
        <translation>输入编码名称的一部分…</translation>
    </message>
</context>
<context>
    <name>margin::gui::CodebookModel</name>
    <message>
        <source>Memo:</source>
        <translation>备忘录：</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>margin::gui::CodebookPane</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>New code (under the selected one)</source>
        <translation>新建编码（位于所选编码之下）</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Key…</source>
        <translation>快捷键…</translation>
    </message>
    <message>
        <source>Give the selected code a quick key (1–9)</source>
        <translation>为所选编码设置快捷键（1–9）</translation>
    </message>
    <message>
        <source>New code…</source>
        <translation>新建编码…</translation>
    </message>
    <message>
        <source>Edit code…</source>
        <translation>编辑编码…</translation>
    </message>
    <message>
        <source>Delete code…</source>
        <translation>删除编码…</translation>
    </message>
    <message>
        <source>Quick key…</source>
        <translation>快捷键…</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>新建编码</translation>
    </message>
    <message>
        <source>Edit code</source>
        <translation>编辑编码</translation>
    </message>
    <message>
        <source>Delete “%1”? You can undo this.</source>
        <translation>删除“%1”？此操作可以撤销。</translation>
    </message>
    <message>
        <source>Delete code</source>
        <translation>删除编码</translation>
    </message>
    <message>
        <source>Quick key</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Key (1–9) that applies this code to the selection:</source>
        <translation>将此编码应用于所选文本的快捷键（1–9）：</translation>
    </message>
    <message>
        <source>Move or merge</source>
        <translation>移动或合并</translation>
    </message>
    <message>
        <source>What should happen to “%1”?</source>
        <translation>要如何处理“%1”？</translation>
    </message>
    <message>
        <source>Move under “%1”</source>
        <translation>移到“%1”之下</translation>
    </message>
    <message>
        <source>Merge into “%1”</source>
        <translation>合并到“%1”</translation>
    </message>
    <message>
        <source>Merging moves every coding of “%1” to “%2” and deletes “%1”. You can undo either.</source>
        <translation>合并会把“%1”的所有编码片段移到“%2”，并删除“%1”。两种操作都可以撤销。</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Under</source>
        <translation>上级编码</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>定义</translation>
    </message>
    <message>
        <source>When to use</source>
        <translation>适用情况</translation>
    </message>
    <message>
        <source>When not to use</source>
        <translation>不适用情况</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备忘录</translation>
    </message>
    <message>
        <source>Code colour</source>
        <translation>编码颜色</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Delete “%1” and its codings (%2)? You can undo this.</source>
        <translation>删除“%1”及其编码片段（%2 个）？此操作可以撤销。</translation>
    </message>
</context>
<context>
    <name>margin::gui::CodingMargin</name>
    <message>
        <source>Coder: %1</source>
        <translation>编码者：%1</translation>
    </message>
    <message>
        <source>Memo: %1</source>
        <translation>备忘录：%1</translation>
    </message>
</context>
<context>
    <name>margin::gui::CodingsModel</name>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Coder</source>
        <translation>编码者</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备忘录</translation>
    </message>
</context>
<context>
    <name>margin::gui::DocumentsModel</name>
    <message>
        <source>%1 (%2, %3 characters, %4 turns)</source>
        <translation>%1（%2，%3 个字符，%4 个话轮）</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Codings</source>
        <translation>编码片段</translation>
    </message>
</context>
<context>
    <name>margin::gui::DocumentsPane</name>
    <message>
        <source>Filter documents…</source>
        <translation>筛选文档…</translation>
    </message>
    <message>
        <source>Show only documents whose participant has this attribute value</source>
        <translation>只显示受访者具有此属性值的文档</translation>
    </message>
    <message>
        <source>(any value)</source>
        <translation>（任意值）</translation>
    </message>
    <message>
        <source>(all documents)</source>
        <translation>（全部文档）</translation>
    </message>
</context>
<context>
    <name>margin::gui::ImportReportDialog</name>
    <message>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 imported, %2 skipped, %3 failed.</source>
        <translation>已导入 %1 个，跳过 %2 个，失败 %3 个。</translation>
    </message>
    <message>
        <source>The import was cancelled; the files imported before stay in the project.</source>
        <translation>导入已取消；此前已导入的文件仍保留在项目中。</translation>
    </message>
</context>
<context>
    <name>margin::gui::MainWindow</name>
    <message>
        <source>Margin</source>
        <translation>Margin</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import files…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Import a &amp;folder…</source>
        <translation>导入文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Import &amp;participants…</source>
        <translation>导入受访者(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Back up the project…</source>
        <translation>备份项目(&amp;B)…</translation>
    </message>
    <message>
        <source>Back up the project</source>
        <translation>备份项目</translation>
    </message>
    <message>
        <source>Margin projects (*.margin)</source>
        <translation>Margin 项目 (*.margin)</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>已备份到 %1</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <source>&amp;Search the project</source>
        <translation>搜索项目(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <source>Code &amp;with…</source>
        <translation>编码到(&amp;W)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Code as &amp;new code (in vivo)</source>
        <translation>编码为新编码（原话编码，in vivo）(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <source>New &amp;code…</source>
        <translation>新建编码(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Edit code…</source>
        <translation>编辑编码(&amp;E)…</translation>
    </message>
    <message>
        <source>Quick &amp;key for code…</source>
        <translation>设置编码快捷键(&amp;K)…</translation>
    </message>
    <message>
        <source>Re&amp;build the search index</source>
        <translation>重建搜索索引(&amp;B)</translation>
    </message>
    <message>
        <source>Rebuilding the search index…</source>
        <translation>正在重建搜索索引…</translation>
    </message>
    <message>
        <source>Search index rebuilt: %1 passages</source>
        <translation>搜索索引已重建：%1 个段落</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language changes when Margin starts again.</source>
        <translation>语言将在 Margin 重新启动后生效。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Margin</source>
        <translation>关于 Margin(&amp;A)</translation>
    </message>
    <message>
        <source>About Margin</source>
        <translation>关于 Margin</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Margin&lt;/h3&gt;&lt;p&gt;Qualitative coding of interview transcripts.&lt;/p&gt;&lt;p&gt;Every change is saved at once. The same project works with the &lt;tt&gt;margin&lt;/tt&gt; command line.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Margin&lt;/h3&gt;&lt;p&gt;访谈转录文本的质性编码工具。&lt;/p&gt;&lt;p&gt;每次更改都会立即保存。同一项目也可以用 &lt;tt&gt;margin&lt;/tt&gt; 命令行处理。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销 %1(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做 %1(&amp;R)</translation>
    </message>
    <message>
        <source>Qualitative coding of interview transcripts.</source>
        <translation>访谈转录文本的质性编码工具。</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Recent projects:</source>
        <translation>最近的项目：</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Margin projects (*.margin);;All files (*)</source>
        <translation>Margin 项目 (*.margin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 — Margin</source>
        <translation>%1 — Margin</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Codebook</source>
        <translation>编码本</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>引文</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Backup copy saved: %1</source>
        <translation>备份副本已保存：%1</translation>
    </message>
    <message>
        <source>Select some text in the transcript first.</source>
        <translation>请先在转录文本中选择一些文字。</translation>
    </message>
    <message>
        <source>Coded with %1</source>
        <translation>已编码到 %1</translation>
    </message>
    <message>
        <source>No code has the key %1 yet (Code ▸ Quick key for code…).</source>
        <translation>还没有编码使用快捷键 %1（编码 ▸ 设置编码快捷键…）。</translation>
    </message>
    <message>
        <source>Code with…</source>
        <translation>编码到…</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Redone: %1</source>
        <translation>已重做：%1</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Transcripts (*.txt *.md *.docx *.odt *.pdf *.rtf *.html *.htm *.srt *.vtt);;All files (*)</source>
        <translation>转录文本 (*.txt *.md *.docx *.odt *.pdf *.rtf *.html *.htm *.srt *.vtt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open the project: %1</source>
        <translation>无法打开项目：%1</translation>
    </message>
    <message>
        <source>Coded with the new code %1</source>
        <translation>已用新编码 %1 编码</translation>
    </message>
</context>
<context>
    <name>margin::gui::ParticipantsModel</name>
    <message>
        <source>Participant</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>the participants table</source>
        <translation>受访者表格</translation>
    </message>
</context>
<context>
    <name>margin::gui::ParticipantsPane</name>
    <message>
        <source>Import a participants sheet…</source>
        <translation>导入受访者表…</translation>
    </message>
    <message>
        <source>Double-click a value to change it.</source>
        <translation>双击某个值即可修改。</translation>
    </message>
    <message>
        <source>Import participants</source>
        <translation>导入受访者</translation>
    </message>
    <message>
        <source>Participant sheets (*.csv *.tsv *.txt)</source>
        <translation>受访者表 (*.csv *.tsv *.txt)</translation>
    </message>
    <message>
        <source>Participants imported</source>
        <translation>已导入受访者</translation>
    </message>
    <message>
        <source>%1 participants added, %2 updated, %3 attributes added.</source>
        <translation>新增 %1 位受访者，更新 %2 位，新增 %3 个属性。</translation>
    </message>
</context>
<context>
    <name>margin::gui::QuotesModel</name>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Participant</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>引文</translation>
    </message>
</context>
<context>
    <name>margin::gui::QuotesPane</name>
    <message>
        <source>with sub-codes</source>
        <translation>包括子编码</translation>
    </message>
    <message>
        <source>only quotes containing…</source>
        <translation>只显示包含…的引文</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>(any value)</source>
        <translation>（任意值）</translation>
    </message>
    <message>
        <source>(all participants)</source>
        <translation>（全部受访者）</translation>
    </message>
    <message>
        <source>Quotes: %1</source>
        <translation>引文：%1</translation>
    </message>
</context>
<context>
    <name>margin::gui::ReportTableModel</name>
    <message>
        <source>code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>segments</source>
        <translation>编码片段</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>participants</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <source>words</source>
        <translation>编码字数</translation>
    </message>
    <message>
        <source>coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>(any code)</source>
        <translation>（任一编码）</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>按 %2 分组的%1</translation>
    </message>
</context>
<context>
    <name>margin::gui::SearchPane</name>
    <message>
        <source>Search: words, &quot;a phrase&quot;, OR, -word, role:enterprise, code:…</source>
        <translation>搜索：词语、&quot;短语&quot;、OR、-词语、role:enterprise、code:…</translation>
    </message>
    <message>
        <source>Query syntax</source>
        <translation>查询语法</translation>
    </message>
    <message>
        <source>Any speaker</source>
        <translation>任意说话人</translation>
    </message>
    <message>
        <source>Participants</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>Interviewer</source>
        <translation>访谈者</translation>
    </message>
    <message>
        <source>Word forms</source>
        <translation>匹配词形</translation>
    </message>
    <message>
        <source>Match English words by their stem (“teaching” finds “teachers”)</source>
        <translation>按词干匹配英文单词（“teaching”也能找到“teachers”）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Code all results…</source>
        <translation>编码全部结果…</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;teacher&lt;/b&gt; — passages with the word (Chinese too: &lt;b&gt;数据分析&lt;/b&gt;)&lt;/p&gt;&lt;p&gt;&lt;b&gt;&quot;data analysis&quot;&lt;/b&gt; — the phrase&lt;/p&gt;&lt;p&gt;&lt;b&gt;a b&lt;/b&gt; — both words; &lt;b&gt;a OR b&lt;/b&gt; — either; &lt;b&gt;-a&lt;/b&gt; — not a&lt;/p&gt;&lt;p&gt;&lt;b&gt;teach*&lt;/b&gt; — words that begin so&lt;/p&gt;&lt;p&gt;&lt;b&gt;role:enterprise&lt;/b&gt; — passages of participants with that attribute value; &lt;b&gt;speaker:participant&lt;/b&gt;, &lt;b&gt;speaker:interviewer&lt;/b&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;doc:E01&lt;/b&gt; — in one document; &lt;b&gt;code:&quot;Faculty shortage&quot;&lt;/b&gt;, &lt;b&gt;-code:…&lt;/b&gt; — coded (or not) with a code or its sub-codes&lt;/p&gt;&lt;p&gt;Parentheses group: &lt;b&gt;(数据分析 OR &quot;data analysis&quot;) role:enterprise&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;teacher&lt;/b&gt; — 包含该词的段落（中文同样适用：&lt;b&gt;数据分析&lt;/b&gt;）&lt;/p&gt;&lt;p&gt;&lt;b&gt;&quot;data analysis&quot;&lt;/b&gt; — 该短语&lt;/p&gt;&lt;p&gt;&lt;b&gt;a b&lt;/b&gt; — 同时包含两个词；&lt;b&gt;a OR b&lt;/b&gt; — 包含其中之一；&lt;b&gt;-a&lt;/b&gt; — 不包含 a&lt;/p&gt;&lt;p&gt;&lt;b&gt;teach*&lt;/b&gt; — 以此开头的词&lt;/p&gt;&lt;p&gt;&lt;b&gt;role:enterprise&lt;/b&gt; — 具有该属性值的受访者的段落；按说话人：&lt;b&gt;speaker:participant&lt;/b&gt;、&lt;b&gt;speaker:interviewer&lt;/b&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;doc:E01&lt;/b&gt; — 限于某一文档；&lt;b&gt;code:&quot;Faculty shortage&quot;&lt;/b&gt;、&lt;b&gt;-code:…&lt;/b&gt; — 已（或未）用某编码或其子编码编码&lt;/p&gt;&lt;p&gt;用括号分组：&lt;b&gt;(数据分析 OR &quot;data analysis&quot;) role:enterprise&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 passages (the first %2 shown)</source>
        <translation>%1 个段落（显示前 %2 个）</translation>
    </message>
    <message>
        <source>Code all results</source>
        <translation>编码全部结果</translation>
    </message>
    <message>
        <source>the matched words</source>
        <translation>匹配的词语</translation>
    </message>
    <message>
        <source>the sentence around each match</source>
        <translation>每处匹配所在的句子</translation>
    </message>
    <message>
        <source>the whole speaker turn</source>
        <translation>说话人的整个话轮</translation>
    </message>
    <message>
        <source>Code them</source>
        <translation>进行编码</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>What to code</source>
        <translation>编码范围</translation>
    </message>
    <message>
        <source>%1 passages found; %2 spans will be coded with “%3”.</source>
        <translation>找到 %1 个段落；将把 %2 处文本编码到“%3”。</translation>
    </message>
    <message>
        <source>The search index is being rebuilt; search again in a moment.</source>
        <translation>正在重建搜索索引，请稍后再搜索。</translation>
    </message>
    <message>
        <source>Passages found: %1</source>
        <translation>找到段落：%1</translation>
    </message>
    <message>
        <source>codings added: %1</source>
        <translation>已添加编码片段：%1</translation>
    </message>
</context>
<context>
    <name>margin::gui::SearchResultsModel</name>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>说话人</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
</context>
<context>
    <name>margin::gui::Session</name>
    <message>
        <source>Could not make the backup copy: %1</source>
        <translation>无法创建备份副本：%1</translation>
    </message>
    <message>
        <source>The search index could not be rebuilt: %1</source>
        <translation>无法重建搜索索引：%1</translation>
    </message>
</context>
<context>
    <name>margin::gui::TablePane</name>
    <message>
        <source>Count sub-codes in their parents</source>
        <translation>把子编码计入父编码</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Columns by</source>
        <translation>列分组依据</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>participant</source>
        <translation>受访者</translation>
    </message>
    <message>
        <source>All codes</source>
        <translation>全部编码</translation>
    </message>
</context>
<context>
    <name>margin::gui::TranscriptEditor</name>
    <message>
        <source>Coding: %1…</source>
        <translation>编码片段：%1…</translation>
    </message>
</context>
<context>
    <name>margin::gui::TranscriptView</name>
    <message>
        <source>Select the coded text</source>
        <translation>选中已编码的文本</translation>
    </message>
    <message>
        <source>Remove coding</source>
        <translation>移除编码</translation>
    </message>
    <message>
        <source>Change code…</source>
        <translation>更改编码…</translation>
    </message>
    <message>
        <source>Edit memo…</source>
        <translation>编辑备忘录…</translation>
    </message>
    <message>
        <source>Change code</source>
        <translation>更改编码</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备忘录</translation>
    </message>
    <message>
        <source>Memo for this coding:</source>
        <translation>此编码片段的备忘录：</translation>
    </message>
</context>
</TS>
