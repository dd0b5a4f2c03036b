r"""Turn raw file bytes into text: detect the encoding, decode, and strip HTML to its visible text.

Detection runs cheapest first, so the common case costs one C-speed decode:

1. a byte-order mark (UTF-32, UTF-8, UTF-16);
2. NUL bytes: BOM-less UTF-16 when the NULs sit on one parity (ASCII-heavy text), else binary;
3. strict UTF-8, forgiving only a multi-byte character cut off by the end of the file;
4. GB18030 against Big5, chosen by the share of common Chinese characters each reading yields,
   when the better one is clearly Chinese (a charset declared by an HTML page breaks a tie);
5. a charset declared by an HTML page, when it decodes strictly (scraped pages often declare
   the wrong one, such as iso-8859-1 for GBK, hence step 4 first);
6. charset-normalizer on a sample, for everything else (cp1252, Shift-JIS, EUC-KR, ...);
7. the GB18030 or Big5 reading of step 4 even though it looked unlike Chinese.

Non-UTF-8 bytes in a file that is otherwise good UTF-8 are an error, not a cue to read the
whole file as GB18030 mojibake.

Every result then has a leading BOM removed and newlines normalized to "\n". Failures raise
`UndecodableFile` with a one-line reason; the caller adds the file name.

>>> decode_bytes("腾讯会议\r\n".encode("gb18030"))
('腾讯会议\n', 'gb18030')
"""

from __future__ import annotations

import codecs
import contextlib
import re
from pathlib import Path
from typing import Final

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser, LexborNode

from speeches.errors import UndecodableFile

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "decode_bytes",
    "html_to_text",
    "is_candidate",
    "meta_charset",
    "read_text",
]

TEXT_SUFFIXES: Final = frozenset({".txt", ".md", ".html", ".htm"})
HTML_SUFFIXES: Final = frozenset({".html", ".htm"})

# Bytes (or characters) looked at by the sniffers (control characters, UTF-16 parity,
# charset-normalizer): enough to judge a file, few enough that a huge file costs no more.
SNIFF_BYTES: Final = 64 * 1024
# Characters of a decoded candidate scored for common hanzi.
SCORE_CHARS: Final = 20_000
# A GB18030/Big5 reading whose non-ASCII characters are at least this share common hanzi and
# punctuation is taken without asking charset-normalizer. Real Chinese text scores 0.8-0.9
# (the sample pages: 0.81-0.87); Big5 read as GB18030 scored 0.05. Latin text rarely decodes
# as either (an accented letter before a space or punctuation is not a valid pair), and when
# it does its accented letters make rare hanzi ("Über" reads as 躡er).
CJK_MIN_SCORE: Final = 0.3

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_CODECS: Final = ("gb18030", "big5")
# Left out of charset-normalizer's guesses: it calls random bytes UTF-16 (BOMs and the NUL
# sniffer handle UTF-16/32 instead), and EBCDIC code pages read any bytes at all.
_CN_EXCLUDED: Final = (
    *("utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"),
    *("cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"),
)
_BIG5_FAMILY: Final = frozenset({"big5", "big5hkscs", "cp950"})
# Declared charsets read as their superset, as browsers do (WHATWG Encoding Standard).
_DECLARED_ALIASES: Final = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
# C0 controls other than tab, newline, vertical tab, form feed, carriage return; ESC (0x1b)
# is left out of the byte check because ISO-2022 encodings use it.
_CONTROL_BYTES: Final = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
# The same in decoded text, plus ESC and the C1 controls (a sign of bytes read as Latin-1).
_CONTROL_CHARS: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NON_ASCII: Final = re.compile("[^\x00-\x7f]")
# <meta charset=...> and <meta http-equiv content="...; charset=...">, and an XML declaration.
_META_CHARSET: Final = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_XML_ENCODING: Final = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:+-]+)""", re.I)

# The most frequent hanzi in running Simplified text (the top 800 of jieba's dict.txt, each
# character weighted by the frequencies of the words it occurs in; they cover 83% of that
# text), then their Traditional forms (OpenCC s2t and s2tw) that differ.
_COMMON_HANZI: Final = (
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于"
    "后就发自之对得主长可过天作分方用多你着部能市等业全里工公经本都而高政法面门动日进"
    "区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山"
    "水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度"
    "加第她合院物性战由位常点海意场武使次二向治因立数样身情入原问把路被并利石老教万知"
    "级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首"
    "共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决"
    "张导术府才保交放管结师便走达族反再题色五京河接条规式县白它改风光运信受什组听布百"
    "济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增"
    "历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑"
    "革该持始英克士尔让拉思根格造较际亲单朝红型价校约器字段周亚深候则功属积快图火千准"
    "究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源"
    "息语股铁断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青"
    "志率项飞球节察龙响药站施均消客失轻存低甚般击曾防请离落显罗营足素视护副食创余照兴"
    "占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严"
    "桥模仅胜杀围席态破承招杨负层须父供续状域似依银范修找九致密终血旅钱赛独细效玉冲获"
    "习医演毛尽脸弹楼艺航陆右协七攻镇检写苏宗章注阿抗弟坐验封紧劳户优财养适陈喜卫排射"
    "哥油刻留急降念云微伤例景拿绝阶座刘刚害印亿沙母酒助闻超审待压升送监策略限竟香配藏"
    "敌呢差仍兰温园树征善波哪词岛止预怕继皮执味份角草男普答益谁船惊核街夏宣掌田久著画"
    "辑奇尼剑吧谈背免孩礼材愿洋春架筑括晚乱乎讲尚良友临激刀夜室既敢邦挥昌板胡欧福港叶"
    "國爲這個來會時學說們於後發對長過業裏經門動進區開產軍還種現機體與當兩實麼關從內沒"
    "將員東頭間無見戰點場數樣問並萬級應資務氣漢總電聲設義統處馬兒領隊計別權話報給變書"
    "幾華議稱決張導術結師達題條規縣風運組聽濟黨論強黃選記卻職號類傳帶幹農邊據聯廣質陽"
    "難歷專認車臺遊舉線團備爭衆連調轉該爾讓較際親單紅價約亞則屬積圖準極裝許參喫觀魚辦"
    "復遠羣構隨劃勢熱網語鐵斷愛紀況證編滿覺雙樂標確織項飛節龍響藥輕擊請離顯羅營視護創"
    "餘興佔雖費試寶識維採宮環鬥鄉責嚴橋僅勝殺圍態楊負層須續狀銀範終錢賽獨細衝獲習醫盡"
    "臉彈樓藝陸協鎮檢寫蘇驗緊勞戶優財養適陳衛雲傷絕階劉剛億聞審壓監敵蘭溫園樹徵詞島預"
    "繼執誰驚畫輯劍談禮願築亂講臨揮歐葉為裡眾"
)
# Common punctuation of Chinese text; GB18030 and Big5 both encode it, so it scores either reading.
_COMMON_PUNCTUATION: Final = "，。、：；？！“”‘’（）《》〈〉「」『』【】…—–·•％＋－～￥　\xa0"  # noqa: RUF001
_COMMON: Final = frozenset(_COMMON_HANZI + _COMMON_PUNCTUATION)

# HTML elements whose text is not shown, elements that start a new line, and table cells.
_SKIP_TAGS: Final = frozenset(
    {"-comment", "head", "script", "style", "noscript", "template", "iframe", "object",
     "embed", "svg", "math", "canvas", "select"}
)  # fmt: skip
_BLOCK_TAGS: Final = frozenset(
    {"html", "body", "address", "article", "aside", "blockquote", "caption", "center", "dd",
     "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
     "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend",
     "li", "listing", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
     "tbody", "tfoot", "thead", "tr", "ul", "xmp"}
)  # fmt: skip
_CELL_TAGS: Final = frozenset({"td", "th"})
_HTML_SPACE: Final = re.compile(r"[ \t\n\r\f]+")
_LINE_SPACE: Final = re.compile(r"[ \t]*\t[ \t]*| {2,}")
_END_PRE: Final = None  # stack marker: leaving a <pre>
# Elements nested deeper than this are flattened before parsing: lexbor checks the stack of
# open elements at each block tag, so 20,000 nested <div>s took time quadratic in the depth.
# Browsers cap the tree too (Chromium at 512).
MAX_HTML_DEPTH: Final = 512
_TAG: Final = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>|<!--")
_VOID_TAGS: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen"}
)  # fmt: skip
_RAW_TAGS: Final = frozenset({"script", "style", "textarea", "title", "xmp", "noscript"})


def is_candidate(path: Path, root: Path | None = None) -> bool:
    """Whether ingest should read `path`: a text suffix (or none) and no hidden component.

    Files without a suffix count: their bytes are sniffed by `decode_bytes`. Only components
    below `root` are checked when it is given, so a corpus may live under a hidden folder. The
    filesystem is not touched (the caller checks that the path is a file).

    >>> is_candidate(Path("raw/001.TXT")), is_candidate(Path("raw/.git/HEAD"))
    (True, False)
    """
    rel = path
    if root is not None:
        with contextlib.suppress(ValueError):  # not under root: check the whole path
            rel = path.relative_to(root)
    if any(part.startswith(".") and part not in {".", ".."} for part in rel.parts):
        return False
    suffix = path.suffix.lower()
    return suffix == "" or suffix in TEXT_SUFFIXES


def decode_bytes(
    data: bytes, encoding: str | None = None, *, declared: str | None = None
) -> tuple[str, str]:
    r"""Decode raw file bytes to text; return (text, name of the encoding used).

    With `encoding`, decode strictly with it. Without, detect: see the module docstring.
    `declared` is a charset the file names for itself (an HTML page's <meta charset>, see
    `meta_charset`): it breaks a tie between GB18030 and Big5, and is used when the bytes are
    neither UTF-8 nor clearly Chinese and it decodes them strictly. The text has no leading
    BOM and only "\n" newlines. Raises UndecodableFile for empty, binary or undecodable data.
    """
    if encoding is not None:
        name = _codec_name(encoding)
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            raise UndecodableFile(f"{_describe(exc, name)}; try another --encoding") from None
    else:
        text, name = _detect(data, declared)
    return _finish(text), name


def meta_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in its first 4 KiB (<meta charset>, <?xml encoding>).

    Returns a Python codec name, widened as browsers do (gb2312 and gbk read as gb18030,
    latin-1 as cp1252), or None when nothing usable is declared. A declared UTF-16 is ignored:
    a page whose declaration reads as ASCII is not UTF-16.

    >>> meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')
    'gb18030'
    """
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        label = match.group(1).decode("ascii").lower().removeprefix("x-")  # x-gbk, x-big5
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None
    return _DECLARED_ALIASES.get(name, name)


def html_to_text(html: str) -> str:
    r"""Visible text of an HTML page: one line per block element, cells split by tabs.

    Scripts, styles, comments, <head> and elements marked `hidden` or `display:none` are
    dropped; runs of whitespace collapse as a browser would, and blank lines are removed
    (<pre> keeps its line breaks, not its indentation).

    >>> html_to_text("<p>Ma  Huateng<br>said</p><script>x()</script><div>腾讯 &amp; AI</div>")
    'Ma Huateng\nsaid\n腾讯 & AI'
    """
    tree = LexborHTMLParser(_flatten_deep(html))
    top = tree.body or tree.root
    if top is None:
        return ""
    parts: list[str] = []
    # Iterative walk (deeply nested pages would overflow recursion). Stack items: a node to
    # visit, a string to emit once its element is done, or _END_PRE.
    stack: list[LexborNode | str | None] = [top]
    in_pre = 0
    while stack:
        item = stack.pop()
        if item is _END_PRE:
            in_pre -= 1
            continue
        if isinstance(item, str):
            parts.append(item)
            continue
        tag = item.tag
        if tag == "-text":
            text = item.text_content or ""
            parts.append(text if in_pre else _HTML_SPACE.sub(" ", text))
            continue
        if tag is None or tag in _SKIP_TAGS or _is_hidden(item):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        separator = "\n" if tag in _BLOCK_TAGS else "\t" if tag in _CELL_TAGS else ""
        if separator:
            parts.append(separator)
            stack.append(separator)
        if tag == "pre":
            in_pre += 1
            stack.append(_END_PRE)
        stack.extend(reversed(list(item.iter(include_text=True))))
    lines = (_LINE_SPACE.sub(_squeeze, line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _flatten_deep(html: str, limit: int = MAX_HTML_DEPTH) -> str:
    """`html` with every tag opened deeper than `limit` (and its closing tag) replaced: a
    block element's by <br>, which keeps its line break, any other's by nothing. Linear in
    the length; a page never that deep comes back unchanged."""
    stack: list[str] = []
    counts: dict[str, int] = {}
    drops: list[tuple[int, int, str]] = []  # (start, end, replacement)
    dropped_open: dict[str, int] = {}  # name -> open tags dropped and not yet closed
    pos = 0
    while True:
        m = _TAG.search(html, pos)
        if m is None:
            break
        pos = m.end()
        if m.group(0) == "<!--":
            end = html.find("-->", pos)
            pos = len(html) if end < 0 else end + 3
            continue
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID_TAGS or selfclosing:
            continue
        if name in _RAW_TAGS:  # its content is text, not tags; it is never dropped
            if not closing:
                end = _find_ci(html, f"</{name}", pos)
                close = html.find(">", end) if end >= 0 else -1
                pos = len(html) if close < 0 else close + 1
            continue
        block = "<br>" if name in _BLOCK_TAGS else ""
        if closing:
            if dropped_open.get(name):
                dropped_open[name] -= 1
                drops.append((m.start(), m.end(), block))
            elif counts.get(name):
                while stack:  # each entry is popped once: linear overall
                    top = stack.pop()
                    counts[top] -= 1
                    if top == name:
                        break
        elif len(stack) >= limit:
            dropped_open[name] = dropped_open.get(name, 0) + 1
            drops.append((m.start(), m.end(), block))
        else:
            stack.append(name)
            counts[name] = counts.get(name, 0) + 1
    if not drops:
        return html
    out: list[str] = []
    last = 0
    for start, end, repl in drops:
        out.append(html[last:start])
        out.append(repl)
        last = end
    out.append(html[last:])
    return "".join(out)


def _find_ci(text: str, needle: str, pos: int) -> int:
    m = re.compile(re.escape(needle), re.IGNORECASE).search(text, pos)
    return -1 if m is None else m.start()


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Read a file and return (text, encoding); HTML comes back as its visible text.

    A file is HTML by its suffix (.html, .htm), or, without a suffix, when it starts with
    <!doctype html> or <html>. Raises UndecodableFile with the reason; OSError passes through.
    """
    data = path.read_bytes()
    suffix = path.suffix.lower()
    maybe_html = suffix in HTML_SUFFIXES or suffix == ""
    declared = meta_charset(data) if maybe_html and encoding is None else None
    text, name = decode_bytes(data, encoding, declared=declared)
    if suffix in HTML_SUFFIXES or (suffix == "" and _looks_like_html(text)):
        text = html_to_text(text)
        if not text:
            raise UndecodableFile("HTML page with no visible text")
    return text, name


def _detect(data: bytes, declared: str | None) -> tuple[str, str]:
    """Guess the encoding of `data` and decode it (see the module docstring for the order)."""
    if not data:
        raise UndecodableFile("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_dropping_cut_tail(data, name), name
    if b"\x00" in data:
        utf16 = _sniff_utf16(data)
        if utf16 is None:
            raise UndecodableFile("binary data (NUL bytes)")
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = _utf8_cut_at_end(data, utf8_error)
    if text is not None:
        return text, "utf-8"
    if _mostly_utf8(data, utf8_error.start):
        raise UndecodableFile(
            f"{_describe(utf8_error, 'UTF-8')} in a file that is otherwise UTF-8; "
            "repair the file or pass --encoding"
        )
    sample = _sample(data)
    if _too_many(len(sample) - len(sample.translate(None, _CONTROL_BYTES)), len(sample)):
        raise UndecodableFile("binary data, not text")
    cjk = _guess_cjk(data, prefer=declared)
    if cjk is not None and cjk[0] >= CJK_MIN_SCORE:
        return cjk[1], cjk[2]
    if declared is not None:
        with contextlib.suppress(UnicodeDecodeError, LookupError):
            return data.decode(declared), declared
    guessed = _guess_with_charset_normalizer(data, sample)
    if guessed is not None:
        return guessed
    if cjk is not None:
        return cjk[1], cjk[2]
    raise UndecodableFile(
        f"{_describe(utf8_error, 'UTF-8')}, nor GB18030, Big5 or another encoding "
        "charset-normalizer recognizes; pass --encoding"
    )


def _finish(text: str) -> str:
    """Strip a leading BOM, normalize newlines, and reject empty or binary-looking text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise UndecodableFile("empty file")
    if "\x00" in text:
        raise UndecodableFile("binary data (NUL bytes)")
    sample = text[:SNIFF_BYTES]
    if _too_many(len(_CONTROL_CHARS.findall(sample)), len(sample)):
        raise UndecodableFile("binary data, not text")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _too_many(controls: int, size: int) -> bool:
    """Whether `controls` control characters make a sample of `size` look binary.

    Text may carry a stray control (a DOS end-of-file mark); 1% of the sample is not text.
    """
    return controls > max(1, size // 100)


def _codec_name(encoding: str) -> str:
    """Canonical Python name of a text encoding; UndecodableFile when there is none."""
    try:
        name = codecs.lookup(encoding).name
        b"a".decode(name, "ignore")  # rejects bytes-to-bytes codecs such as base64
    except LookupError:
        raise UndecodableFile(f"unknown encoding {encoding!r}") from None
    return name


def _describe(exc: UnicodeDecodeError, name: str) -> str:
    """'not valid NAME: byte 0x.. at offset N (reason)' for a decode error."""
    byte = exc.object[exc.start]
    return f"not valid {name}: byte 0x{byte:02x} at offset {exc.start} ({exc.reason})"


def _decode_dropping_cut_tail(data: bytes, name: str) -> str:
    """Decode strictly, except that a character cut off by the end of the file is dropped."""
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason in {"unexpected end of data", "truncated data"}:
            try:
                return data[: exc.start].decode(name)
            except UnicodeDecodeError:
                pass
        raise UndecodableFile(_describe(exc, name)) from None


def _utf8_cut_at_end(data: bytes, exc: UnicodeDecodeError) -> str | None:
    """The text of UTF-8 data whose only flaw is a character cut off at the end, else None.

    A lone lead byte after pure ASCII is not taken as a cut: "café" in cp1252 ends that way.
    """
    if exc.end != len(data) or exc.reason != "unexpected end of data":
        return None
    head = data[: exc.start]
    if len(data) - exc.start < 2 and head.isascii():
        return None
    return head.decode("utf-8")  # the error is the first one, so the head is valid


def _mostly_utf8(data: bytes, error_at: int) -> bool:
    """Whether the bytes around the first UTF-8 error are otherwise good UTF-8.

    Such a file has a corrupt byte, and reading it as GB18030 would turn it all to mojibake.
    Other encodings read as UTF-8 make at least as many errors as valid multi-byte
    characters (GB18030 and Big5 pages: 1 valid for 4 errors).
    """
    window = data[max(0, error_at - SNIFF_BYTES // 2) : error_at + SNIFF_BYTES // 2]
    text = window.decode("utf-8", "replace")
    bad = text.count("\ufffd") - window.count("\ufffd".encode())  # U+FFFD in the file itself
    good = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    return good >= 8 * max(bad, 1)


def _sniff_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 whose NUL bytes fall on one parity, else None.

    The reading must then be mostly ASCII (English) or mostly common hanzi (Chinese with
    ASCII digits and newlines): ASCII bytes read as UTF-16 make rare hanzi.
    """
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= max(1, units // 50) and 4 * even <= odd:
        name = "utf-16-le"
    elif even >= max(1, units // 50) and 4 * odd <= even:
        name = "utf-16-be"
    else:
        return None
    try:
        text = _decode_dropping_cut_tail(data, name)
    except UndecodableFile:
        return None
    head = text[:SNIFF_BYTES]
    if not head.strip() or "\x00" in text:
        return None
    if _too_many(len(_CONTROL_CHARS.findall(head)), len(head)):
        return None
    non_ascii = len(_NON_ASCII.findall(head))
    if 2 * non_ascii > len(head) and _hanzi_score(head) < CJK_MIN_SCORE:
        return None
    return text, name


def _sample(data: bytes) -> bytes:
    """The first SNIFF_BYTES of `data`, cut after a newline so no character is split."""
    if len(data) <= SNIFF_BYTES:
        return data
    sample = data[:SNIFF_BYTES]
    cut = sample.rfind(b"\n")
    return sample[: cut + 1] if cut >= SNIFF_BYTES // 2 else sample


def _hanzi_score(text: str) -> float:
    """Share of the non-ASCII characters at the start of `text` that are common in Chinese."""
    sample = _NON_ASCII.findall(text[:SCORE_CHARS])
    if not sample:
        return 0.0
    return sum(ch in _COMMON for ch in sample) / len(sample)


def _guess_cjk(data: bytes, prefer: str | None) -> tuple[float, str, str] | None:
    """(score, text, codec) of the best strict GB18030 or Big5 reading, or None.

    Big5 bytes nearly always decode as GB18030 too, as mojibake of rare characters, so the
    readings are compared by `_hanzi_score`; ties go to `prefer`, then to GB18030.
    """
    prefer_big5 = prefer in _BIG5_FAMILY
    best: tuple[float, bool, int, str, str] | None = None
    for rank, name in enumerate(_CJK_CODECS):
        text = None
        for codec in (name, "big5hkscs") if name == "big5" else (name,):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            name = codec
            break
        if text is None:
            continue
        preferred = prefer_big5 if name in _BIG5_FAMILY else name == prefer
        key = (_hanzi_score(text), preferred, -rank, text, name)
        if best is None or key[:3] > best[:3]:
            best = key
    return None if best is None else (best[0], best[3], best[4])


def _guess_with_charset_normalizer(data: bytes, sample: bytes) -> tuple[str, str] | None:
    """Decode `data` with the encoding charset-normalizer finds for `sample`, or None."""
    matches = from_bytes(sample, cp_exclusion=list(_CN_EXCLUDED))
    best = matches.best()
    if best is None:
        return None
    # On short Latin text many code pages tie (cp1250 first, turning "très" to "trčs");
    # the corpus is English and Chinese, so a tie goes to cp1252, as browsers default to.
    # (A match stands for every code page that decodes the sample to the same text.)
    tied = {
        name
        for match in matches
        if (match.chaos, match.coherence) == (best.chaos, best.coherence)
        for name in match.could_be_from_charset
    }
    encoding = "cp1252" if "cp1252" in tied else best.encoding
    try:
        name = _codec_name(encoding)
        return data.decode(name), name
    except (UndecodableFile, UnicodeDecodeError):
        return None


def _is_hidden(node: LexborNode) -> bool:
    """Whether an element is marked not to be shown (`hidden`, inline `display:none`)."""
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs:
        return True
    style = attrs.get("style") or ""
    return "display:none" in style.replace(" ", "").lower()


def _looks_like_html(text: str) -> bool:
    """Whether text starts like an HTML document."""
    return text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))


def _squeeze(match: re.Match[str]) -> str:
    """One tab for a run of spaces holding a tab, else one space."""
    return "\t" if "\t" in match.group() else " "
