"""A Word paragraph's text as Word shows it, read from its XML.

python-docx's `Paragraph.text` reads plain runs and hyperlinks only, so the words inside
tracked insertions (`w:ins`), moved text (`w:moveTo`), content controls (`w:sdt`), simple
fields, smart tags and custom XML vanish without a word: "Anggaran *selalu dipotong*
setiap tahun" would be read "Anggaran setiap tahun". Here every `w:t` counts, except text
Word does not show as content: tracked deletions and moves away (`w:del`, `w:moveFrom`),
hidden text (`w:vanish`), the grey placeholder of an empty content control ("Klik atau
ketuk di sini untuk memasukkan teks."), and the fallback copy of a drawing (`mc:Fallback`,
which repeats its `mc:Choice`). A text box's
paragraphs are not run into the paragraph holding them: they come as paragraphs of their
own, after it.
"""

from __future__ import annotations

from typing import Iterator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, SDT, SDT_CONTENT, CUSTOM_XML = f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
TEXT_BOX = f"{W}txbxContent"
# Not shown as text: deleted or moved-away text, a drawing's fallback copy, a content
# control's properties (its placeholder text is shown only while it is empty).
HIDDEN = {f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}sdtPr", f"{W}sdtEndPr", f"{W}pPr", f"{W}rPr"}
CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-",
              f"{W}softHyphen": ""}


def paragraph_text(paragraph) -> tuple[str, list]:
    """(the text of a `w:p` element, the `w:p` elements of the text boxes inside it)."""
    parts: list[str] = []
    boxes: list = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in HIDDEN:  # XML comments and processing instructions
                continue
            if (tag == f"{W}r" and _hidden_run(child)) or (tag == SDT and placeholder(child)):
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in CHARACTERS:
                parts.append(CHARACTERS[tag])
            elif tag == TEXT_BOX:
                boxes.extend(block for kind, block in blocks(child) if kind == "p")
            else:
                walk(child)

    walk(paragraph)
    return "".join(parts), boxes


def _hidden_run(run) -> bool:
    """A run formatted as hidden text (`w:vanish`), which Word does not show or print."""
    properties = run.find(f"{W}rPr")
    vanish = properties.find(f"{W}vanish") if properties is not None else None
    return vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false", "off")


def placeholder(control) -> bool:
    """A content control showing its placeholder: no one has written in it yet."""
    properties = control.find(f"{W}sdtPr")
    return properties is not None and properties.find(f"{W}showingPlcHdr") is not None


def unwrap_controls(table) -> None:
    """Rows and cells inside content controls or custom XML lifted into the table (`w:tbl`),
    where python-docx's rows and cells see them (Word's repeating sections wrap rows so)."""
    # each pass lifts the outermost wrappers; one nested in another comes up on the next
    while wrapped := [e for e in table.iter(SDT, CUSTOM_XML) if e.getparent().tag in (TBL, f"{W}tr")]:
        for wrapper in wrapped:
            if wrapper.getparent() is not None:
                _lift(wrapper)


def _lift(wrapper) -> None:
    parent = wrapper.getparent()
    content = wrapper.find(SDT_CONTENT) if wrapper.tag == SDT else wrapper
    if content is not None and not (wrapper.tag == SDT and placeholder(wrapper)):
        kept = [child for child in content if child.tag in (f"{W}tr", f"{W}tc", SDT, CUSTOM_XML)]
        position = parent.index(wrapper)
        for offset, child in enumerate(kept):
            parent.insert(position + 1 + offset, child)
    parent.remove(wrapper)


def blocks(container) -> Iterator[tuple[str, object]]:
    """("p", element) and ("tbl", element) of a body, cell or text box in reading order,
    looking inside block-level content controls and custom XML."""
    for child in container:
        tag = child.tag
        if tag == P:
            yield "p", child
        elif tag == TBL:
            yield "tbl", child
        elif tag == SDT and placeholder(child):
            continue
        elif tag in (SDT, SDT_CONTENT, CUSTOM_XML, f"{W}ins", f"{W}moveTo"):
            yield from blocks(child)
