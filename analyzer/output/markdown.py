"""Put text from an analysed repository into Markdown as plain text (pure).

File names, module names and author names come from the repository being analysed; in a
Markdown document they must never become markup, HTML or links. `escape_md` backslash-escapes
Markdown punctuation and HTML-escapes `&<>"`; `code_span` and `code_block` pick a backtick
fence longer than any run of backticks inside, so the content cannot close it.
"""

from __future__ import annotations

import re

# Punctuation that can start or end Markdown syntax (emphasis, links, headings, lists,
# tables, autolinks such as https://x or a@b). Backslash-escaping any ASCII punctuation is
# valid CommonMark, so escaping more than needed is harmless.
_PUNCTUATION = set("\\`*_{}[]()#+-.!|~:@=$^")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def one_line(text: object) -> str:
    """`text` on one line: line breaks and control characters become spaces; a lone surrogate
    (an undecodable byte in a file name) becomes its `\\udcXX` escape, so UTF-8 can hold it."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(" ", text)


def escape_md(text: object) -> str:
    """Plain text that renders as itself in Markdown and HTML: no markup, no tags, no links."""
    out = []
    for char in one_line(text):
        if char in _HTML:
            out.append(_HTML[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _fence(text: str, char: str = "`", shortest: int = 1) -> str:
    runs = [len(run) for run in re.findall(f"{re.escape(char)}+", text)]
    return char * max(shortest, max(runs, default=0) + 1)


def code_span(text: object) -> str:
    """An inline code span showing `text` literally, whatever backticks it holds."""
    body = one_line(text)
    fence = _fence(body)
    if body.startswith(("`", " ")) or body.endswith(("`", " ")):
        body = f" {body} "
    return f"{fence}{body}{fence}"


def code_block(text: str, info: str = "") -> str:
    """A fenced code block showing `text` literally; the fence is longer than any inside."""
    body = text if text.endswith("\n") else text + "\n"
    fence = _fence(body, shortest=3)
    return f"{fence}{info}\n{body}{fence}\n"
