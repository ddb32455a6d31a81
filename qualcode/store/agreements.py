"""Agreement results kept for the report: one row per (coders, unit, sample, codes), the latest."""

from __future__ import annotations

import json
import sqlite3

# Decisions that `agree resolve` writes: a coder who has any is a consensus coder.
ADJUDICATION_ACTIONS = ("agreed", "adjudicate")


class AgreementOps:
    conn: sqlite3.Connection

    def save_agreement(self, coders: list[str], unit: str, sample: str | None, codes: list[str] | None,
                       overall: dict, per_code: list[dict], consensus: list[str], measured_at: str,
                       unseen: dict[str, list[int]] | None = None) -> None:
        """Keep an agreement result, replacing the earlier one of the same comparison."""
        self.conn.execute(
            "INSERT OR REPLACE INTO agreement_results (coders, unit, sample, codes, n_units, percent,"
            " cohen_kappa, bp_kappa, alpha_nominal, band_kappa, band_alpha, per_code, consensus,"
            " measured_at, unseen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (json.dumps(coders, ensure_ascii=False), unit, sample or "",
             json.dumps(codes, ensure_ascii=False) if codes else "", overall["n_units"],
             overall["percent"], overall["cohen_kappa"], overall["bp_kappa"], overall["alpha_nominal"],
             overall["band_kappa"], overall["band_alpha"], json.dumps(per_code, ensure_ascii=False),
             json.dumps(consensus, ensure_ascii=False), measured_at, json.dumps(unseen or {}, ensure_ascii=False)))

    def agreement_results(self) -> list[dict]:
        """Every kept result, newest first; JSON columns decoded, '' turned back into None."""
        results = []
        for row in self.conn.execute("SELECT * FROM agreement_results ORDER BY measured_at DESC, id DESC"):
            item = dict(row)
            item["coders"] = json.loads(item["coders"])
            item["codes"] = json.loads(item["codes"]) if item["codes"] else None
            item["sample"] = item["sample"] or None
            item["per_code"] = json.loads(item["per_code"])
            item["consensus"] = json.loads(item["consensus"])
            item["unseen"] = json.loads(item.get("unseen") or "{}")
            results.append(item)
        return results

    def adjudicated_coders(self) -> set[str]:
        """Coders written by `agree resolve` (agreements carried over or disagreements decided)."""
        marks = ",".join("?" * len(ADJUDICATION_ACTIONS))
        return {row[0] for row in self.conn.execute(
            f"SELECT DISTINCT coder FROM decisions WHERE undone = 0 AND action IN ({marks})",
            ADJUDICATION_ACTIONS)}
