"""Co-occurrence networks: a networkx graph, a PNG (matplotlib Agg), Graphviz DOT and Mermaid text.

Nodes are codes (attributes: label, count = units coded, color from the codebook); an edge
joins two codes that co-occur at least `min_count` times (attributes: count, jaccard, lift).
Everything is emitted in sorted order, so the same display gives the same text, byte for byte.
"""

from __future__ import annotations

import io
import math
import textwrap
from pathlib import Path

import networkx as nx

from qualcode.display import drawing_home

drawing_home.settle()  # before matplotlib reads where its settings live
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from qualcode.display.base import Display
from qualcode.display.spec import DisplayError
from qualcode.fileio import write_atomic
from qualcode.model import Codebook

DEFAULT_COLOR = "#9aa5b1"
PNG_METADATA = {"Software": None}  # no matplotlib version inside the file


def cooccurrence_graph(display: Display, codebook: Codebook | None = None, *, min_count: int = 1,
                       language: str = "en", include_isolated: bool = True) -> nx.Graph:
    """The graph of a co-occurrence display (see cooccurrence_matrix)."""
    if display.kind != "cooccurrence":
        raise DisplayError("a network is drawn from a co-occurrence display")
    index = codebook.by_id() if codebook else {}
    cells = display.cells
    diagonal = cells[cells["row"] == cells["column"]].set_index("row")["count"]
    edges = cells[(cells["row"] != cells["column"]) & (cells["count"] >= min_count)]
    graph = nx.Graph(name=display.name)
    nodes = sorted(set(display.table.index) if include_isolated
                   else set(edges["row"]) | set(edges["column"]))
    for code_id in nodes:
        code = index.get(code_id)
        graph.add_node(code_id, label=code.label_in(language) if code else code_id,
                       count=int(diagonal.get(code_id, 0)),
                       color=(code.color if code and code.color else DEFAULT_COLOR))
    for row in edges.sort_values(["row", "column"]).itertuples(index=False):
        graph.add_edge(row.row, row.column, count=int(row.count),
                       jaccard=_number(row.jaccard), lift=_number(row.lift))
    return graph


def _number(value) -> float | None:
    return None if value != value else float(value)  # NaN -> None


def _sorted_edges(graph: nx.Graph) -> list[tuple[str, str, dict]]:
    return sorted(((*sorted((a, b)), data) for a, b, data in graph.edges(data=True)),
                  key=lambda e: (e[0], e[1]))


def _dot_quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: nx.Graph) -> str:
    """Graphviz DOT text; pen width grows with the co-occurrence count."""
    lines = [f"graph {_dot_quote(graph.graph.get('name') or 'cooccurrence')} {{",
             "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];"]
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        lines.append(f"  {_dot_quote(node)} [label={_dot_quote(data.get('label', node))}, "
                     f"fillcolor={_dot_quote(data.get('color', DEFAULT_COLOR))}];")
    top = max((d.get("count", 1) for _, _, d in graph.edges(data=True)), default=1)
    for a, b, data in _sorted_edges(graph):
        width = 1 + 4 * data.get("count", 1) / top
        lines.append(f"  {_dot_quote(a)} -- {_dot_quote(b)} [label={_dot_quote(data.get('count', ''))}, "
                     f"penwidth={width:.2f}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_label(text: str) -> str:
    return str(text).replace('"', "#quot;").replace("\n", " ")


def to_mermaid(graph: nx.Graph) -> str:
    """Mermaid flowchart text; node ids are n0, n1… in sorted code order, labels quoted."""
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes))}
    lines = ["graph LR"]
    for node, short in ids.items():
        lines.append(f'  {short}["{_mermaid_label(graph.nodes[node].get("label", node))}"]')
    for a, b, data in _sorted_edges(graph):
        lines.append(f"  {ids[a]} ---|{data.get('count', '')}| {ids[b]}")
    return "\n".join(lines) + "\n"


LABEL_WIDTH = 22  # characters per line of a node's label


def drawn(graph: nx.Graph) -> nx.Graph:
    """The graph as the picture shows it, in a fixed order. A code nobody coded is no part of
    it: the layout would fling it far off and crowd the others together (the DOT and Mermaid
    files still list it)."""
    ordered = nx.Graph(name=graph.graph.get("name"))
    ordered.add_nodes_from(sorted((node, data) for node, data in graph.nodes(data=True)
                                  if data.get("count", 0) or graph.degree(node)))
    ordered.add_edges_from(_sorted_edges(graph))
    return ordered


def network_png(graph: nx.Graph, *, title: str | None = None, seed: int = 7) -> bytes:
    """The graph drawn with a seeded spring layout; node size ~ count, edge width ~ count."""
    ordered = drawn(graph)
    figure = Figure(figsize=(8, 6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    axes.set_axis_off()
    axes.margins(0.18)
    if title:
        axes.set_title(title)
    if ordered.number_of_nodes():
        layout = nx.spring_layout(ordered, seed=seed, weight="count")
        counts = [ordered.nodes[n].get("count", 0) for n in ordered.nodes]
        top = max(counts + [1])
        widths = [1 + 5 * d.get("count", 1) / max(1, max((e.get("count", 1) for _, _, e in
                                                           ordered.edges(data=True)), default=1))
                  for _, _, d in ordered.edges(data=True)]
        sizes = [300 + 1700 * c / top for c in counts]
        nx.draw_networkx_edges(ordered, layout, ax=axes, width=widths, edge_color="#888888")
        nx.draw_networkx_nodes(ordered, layout, ax=axes, node_size=sizes,
                               node_color=[ordered.nodes[n].get("color", DEFAULT_COLOR)
                                           for n in ordered.nodes])
        # Each label under its node, wrapped, on a pale ground: centred on the node (networkx's
        # way) a long label ran across the node's colour and the edges, and could not be read.
        for node, size in zip(ordered.nodes, sizes):
            label = textwrap.fill(str(ordered.nodes[node].get("label", node)), LABEL_WIDTH)
            axes.annotate(label, xy=layout[node], xytext=(0, -(math.sqrt(size) / 2 + 2)),
                          textcoords="offset points", ha="center", va="top", fontsize=8,
                          bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none",
                                "alpha": 0.85}, zorder=3)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata=PNG_METADATA)
    return buffer.getvalue()


def write_network(graph: nx.Graph, folder: Path, stem: str | None = None,
                  title: str | None = None) -> dict[str, Path]:
    """<stem>.png, <stem>.dot and <stem>.mmd in `folder` (stem defaults to the graph's name)."""
    stem = stem or f"{graph.graph.get('name') or 'cooccurrence'}_network"
    folder = Path(folder)
    return {
        "png": write_atomic(folder / f"{stem}.png", network_png(graph, title=title)),
        "dot": write_atomic(folder / f"{stem}.dot", to_dot(graph)),
        "mermaid": write_atomic(folder / f"{stem}.mmd", to_mermaid(graph)),
    }
