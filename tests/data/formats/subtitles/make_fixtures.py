#!/usr/bin/env python3
"""Writes the subtitle fixtures of tests/corpus/subtitles_test.cpp.

Run from anywhere: python3 make_fixtures.py. Python 3 standard library only.
Each file imitates what a real tool writes:
  zoom.vtt             Zoom's WebVTT transcript: "Name: text" in every cue.
  voices.vtt           hand-made WebVTT: <v> voice tags, styling tags,
                       character references, NOTE/STYLE blocks, cue settings.
  whisper-zh.srt       Whisper's SRT of a Chinese interview: no speakers, no
                       punctuation, pauses between thoughts.
  translation.srt      a subtitle translation whose labels are "采访者：" and
                       "受访者：", with CRLF, a byte-order mark, a missing cue
                       number, '.' before the milliseconds and position hints.
  translation-gbk.srt  the same subtitles saved as GBK by a Chinese tool.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, text, encoding="utf-8", newline="\n", bom=False):
    data = text.replace("\n", newline).encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


ZOOM = """WEBVTT

1
00:00:01.020 --> 00:00:04.350
Chen Jing: Thanks for joining. Could you start with what you teach?

2
00:00:05.100 --> 00:00:09.800
Wang Lei: Sure. I teach e-commerce operations at a vocational college

3
00:00:09.800 --> 00:00:13.240
Wang Lei: in Hangzhou, mostly second-year students.

4
00:00:13.500 --> 00:00:17.900
Wang Lei: Classes start at 10:30 and we run a real store on Taobao.

5
00:00:18.400 --> 00:00:21.000
Chen Jing: What do the students find hardest?

6
00:00:21.700 --> 00:00:26.050
Wang Lei: Reading the data. They can post, but an ad report scares them.

7
00:00:26.900 --> 00:00:28.300
Chen Jing: Thank you.
"""

VOICES = """WEBVTT - interview T07, recorded 2024-05-14
Kind: captions
Language: zh-CN

STYLE
::cue(.loud) { color: red }

NOTE Cleaned by hand from the recorder's captions;
the speaker names are voice tags.

intro
00:00:02.000 --> 00:00:05.500 align:start position:10%
<v 访谈者>您好，请先介绍一下<b>您的课程</b>。</v>

00:00:06.000 --> 00:00:09.000 line:85%
<v.loud 赵敏><c.yellow>我教</c><i>直播电商</i>，也教
<lang en>Excel</lang> 数据分析。

NOTE a cue id that is a number

3
00:00:09.000 --> 00:00:12.500
<v 赵敏>学生说 <00:00:10.200>“R&amp;D”&nbsp;太远了，
觉得 &lt;数据&gt; 很难。

4
00:00:13.000 --> 00:00:16.000
<v 访谈者>那<ruby>课<rt>kè</rt></ruby>上怎么练习呢？

5
00:00:16.500 --> 00:00:20.000
<v 赵敏><u>用真实的店铺</u>，&lrm;每周复盘一次。
"""

WHISPER = [
    ("00:00:00,000", "00:00:02,800", "大家好 今天我们聊一聊直播电商"),
    ("00:00:02,800", "00:00:05,600", "我在这个行业做了差不多五年"),
    ("00:00:05,600", "00:00:08,900", "刚开始的时候什么都不懂"),
    ("00:00:12,400", "00:00:15,000", "后来学校让我去带学生的实训"),
    ("00:00:15,000", "00:00:18,200", "学生最缺的其实是看数据的能力"),
    ("00:00:18,200", "00:00:20,600", "他们会拍视频"),
    ("00:00:20,600", "00:00:23,300", "但是看不懂投放报表"),
    ("00:00:23,300", "00:00:25,900", "这个我们一直在想办法"),
    ("00:00:25,900", "00:00:28,400", "比如每周做一次复盘"),
    ("00:00:28,400", "00:00:31,000", "让他们自己讲数据"),
    ("00:00:31,000", "00:00:33,500", "讲错了也没关系"),
    ("00:00:33,500", "00:00:36,200", "慢慢就会了"),
    ("00:00:36,200", "00:00:38,700", "现在效果还不错"),
    ("00:00:38,700", "00:00:41,000", "学生也更愿意来上课"),
    ("00:00:45,000", "00:00:47,500", "谢谢大家"),
]

TRANSLATION = """1
00:00:03,000 --> 00:00:06,200 X1:100 X2:600 Y1:500 Y2:550
采访者：你在公司负责什么工作？

2
00:00:07,000 --> 00:00:10,400
受访者：我负责<i>跨境店铺</i>的运营，
主要做欧洲市场。

00:00:10.400 --> 00:00:13,900
我们团队一共六个人。


4
00:00:14,500 --> 00:00:17,000
采访者：招人难吗？
受访者：很难，

5
00:00:17,000 --> 00:00:20,800
{\\an8}懂外语又懂数据的人太少了。

6
00:00:21,500 --> 00:00:23,000
采访者：谢谢你。
"""


def srt(cues):
    out = []
    for n, (start, end, text) in enumerate(cues, 1):
        out.append("%d\n%s --> %s\n%s\n" % (n, start, end, text))
    return "\n".join(out)


write("zoom.vtt", ZOOM)
write("voices.vtt", VOICES)
write("whisper-zh.srt", srt(WHISPER))
write("translation.srt", TRANSLATION, newline="\r\n", bom=True)
write("translation-gbk.srt", TRANSLATION, encoding="gbk", newline="\r\n")
