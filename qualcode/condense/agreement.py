"""Inter-coder agreement statistics: Krippendorff's alpha, Cohen's kappa and friends.

Pure, numpy-vectorised functions with no I/O. Building units (segments, documents,
characters) from the project's DataFrames lives in `agreement_units`.

Undefined statistics (no units, no variation, a zero denominator) are returned as
``float('nan')`` after an explicit check, never through a silent division by zero;
the band helpers turn NaN into "undefined". Reference values: METHOD.md section 4.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")
NAN = float("nan")


# --------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------

def _reliability_data(data: Any) -> np.ndarray:
    array = np.asarray(data, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"reliability data must be a 2-D (coders x units) array, got shape {array.shape}")
    if np.isinf(array).any():
        raise ValueError("reliability data must be finite; use np.nan for a missing value")
    return array


def coincidence_matrix(data: Any) -> tuple[np.ndarray, np.ndarray]:
    """Krippendorff's coincidence matrix of a (coders x units) array, np.nan = missing.

    o_ck = sum_u (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1), where n_uc counts value c in
    unit u and m_u is the number of values in u; units with m_u < 2 are not pairable and
    dropped. Returns (values, o): the sorted values found in pairable units and the
    symmetric V x V matrix, whose column sums are the marginals n_c (total n = sum n_c).
    """
    array = _reliability_data(data)
    present = ~np.isnan(array)
    pairable = present.sum(axis=0) >= 2
    kept, kept_present = array[:, pairable], present[:, pairable]
    values = np.unique(kept[kept_present])
    if values.size == 0:
        return values, np.zeros((0, 0))
    units = np.broadcast_to(np.arange(kept.shape[1]), kept.shape)[kept_present]
    value_index = np.searchsorted(values, kept[kept_present])
    counts = np.bincount(units * values.size + value_index,
                         minlength=kept.shape[1] * values.size).reshape(kept.shape[1], values.size)
    weights = counts / (counts.sum(axis=1, keepdims=True) - 1)
    return values, weights.T @ counts - np.diag(weights.sum(axis=0))


def difference_matrix(values: Any, marginals: Any, level: str = "nominal") -> np.ndarray:
    """Squared differences delta^2(c, k) between the sorted `values` for a level of measurement.

    nominal: [c != k]; interval: (c - k)^2; ratio: ((c - k) / (c + k))^2, 0 when c = k = 0;
    ordinal (Krippendorff 2011): (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2, which equals the
    squared distance between mid-ranks r_c = cumsum(n)_c - n_c / 2.
    """
    values = np.asarray(values, dtype=float)
    if level == "nominal":
        return (values[:, None] != values[None, :]).astype(float)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    if level == "ordinal":
        n = np.asarray(marginals, dtype=float)
        mid_rank = np.cumsum(n) - n / 2
        return (mid_rank[:, None] - mid_rank[None, :]) ** 2
    if level == "ratio":
        if (values < 0).any():
            raise ValueError("ratio-level alpha needs non-negative values")
        total = values[:, None] + values[None, :]
        diff = values[:, None] - values[None, :]
        ratio = np.divide(diff, total, out=np.zeros_like(total), where=total != 0)  # 0/0 only when c = k = 0
        return ratio ** 2
    raise ValueError(f"unknown level of measurement {level!r}; expected one of {', '.join(LEVELS)}")


def alpha_from_coincidences(values: Any, matrix: Any, level: str = "nominal") -> float:
    """Alpha from a coincidence matrix: 1 - D_o / D_e = 1 - (n - 1) * sum(o * d) / sum(n_c n_k * d).

    D_o = sum o_ck d_ck / n and D_e = sum n_c n_k d_ck / (n (n - 1)). NaN when n < 2 (no
    pairable values) or D_e = 0 (a single value, so no variation to be reliable about).
    """
    o = np.asarray(matrix, dtype=float)
    marginals = o.sum(axis=0)
    n = marginals.sum()
    d = difference_matrix(values, marginals, level)
    expected = (np.outer(marginals, marginals) * d).sum()
    if n < 2 or expected == 0:
        return NAN
    return float(1 - (n - 1) * (o * d).sum() / expected)


def krippendorff_alpha(data: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha of a (coders x units) float array, np.nan = missing.

    alpha = 1 - D_o / D_e over the coincidence matrix (see `coincidence_matrix`,
    `alpha_from_coincidences`); level is nominal, ordinal, interval or ratio. NaN when no
    unit is pairable or all pairable values are equal.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}; expected one of {', '.join(LEVELS)}")
    values, matrix = coincidence_matrix(data)
    return alpha_from_coincidences(values, matrix, level)


def percent_agreement(data: Any) -> float:
    """Observed pairwise agreement A_o of a (coders x units) array, np.nan = missing.

    A_o = trace(o) / n on the coincidence matrix: the share of agreeing coder pairs, each
    pairable unit weighted by its number of values. With two coders and no missing values
    this is the share of units on which they agree. NaN when no unit is pairable.
    """
    _, matrix = coincidence_matrix(data)
    n = matrix.sum()
    return float(np.trace(matrix) / n) if n > 0 else NAN


# --------------------------------------------------------------------------------------
# Kappas
# --------------------------------------------------------------------------------------

def kappa_from_table(table: Any) -> float:
    """Cohen's kappa from a square confusion table t (rows coder A, columns coder B).

    kappa = (p_o - p_e) / (1 - p_e), p_o = trace(t) / N, p_e = sum_k rows_k * cols_k / N^2;
    computed as (N trace - rows.cols) / (N^2 - rows.cols). NaN when N = 0 or p_e = 1
    (both coders used one and the same label throughout).
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ValueError(f"a confusion table must be square, got shape {t.shape}")
    if (t < 0).any():
        raise ValueError("a confusion table holds counts; negative entries are not allowed")
    total = t.sum()
    chance = t.sum(axis=1) @ t.sum(axis=0)
    denominator = total * total - chance
    if total == 0 or denominator == 0:
        return NAN
    return float((total * np.trace(t) - chance) / denominator)


def cohen_kappa(a: Any, b: Any) -> float:
    """Cohen's kappa of two equal-length label vectors (any hashable labels, none missing).

    kappa = (p_o - p_e) / (1 - p_e) with p_e = sum_k p_A(k) p_B(k). NaN for empty vectors
    or when p_e = 1 (both coders gave every item the same single label).
    """
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError("cohen_kappa takes two 1-D label vectors")
    if a.shape != b.shape:
        raise ValueError(f"label vectors differ in length: {a.size} and {b.size}")
    if a.size == 0:
        return NAN
    codes, labels = pd.factorize(np.concatenate([a, b]), use_na_sentinel=True)
    if (codes < 0).any():
        raise ValueError("label vectors contain missing values; drop those items first")
    k = labels.size
    table = np.bincount(codes[: a.size] * k + codes[a.size:], minlength=k * k).reshape(k, k)
    return kappa_from_table(table)


def brennan_prediger(p_o: float, k: int) -> float:
    """Brennan & Prediger's free-marginal kappa: (p_o - 1/k) / (1 - 1/k), chance = 1/k.

    k is the number of categories (2 for a coded / not-coded decision; MAXQDA uses the
    number of codes). NaN passes through; k < 2 or p_o outside [0, 1] is an error.
    """
    if k < 2:
        raise ValueError(f"Brennan-Prediger kappa needs k >= 2 categories, got {k}")
    if math.isnan(p_o):
        return NAN
    if not 0 <= p_o <= 1:
        raise ValueError(f"observed agreement must lie in [0, 1], got {p_o}")
    return (k * p_o - 1) / (k - 1)


def _counts(both: Any, only_a: Any, only_b: Any, neither: Any) -> tuple[np.ndarray, ...]:
    cells = tuple(np.asarray(x, dtype=float) for x in (both, only_a, only_b, neither))
    if any((cell < 0).any() for cell in cells):
        raise ValueError("unit counts must be non-negative")
    return cells


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> float | np.ndarray:
    """numerator / denominator, NaN wherever the denominator is 0 (checked, not warned)."""
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return float(out) if out.ndim == 0 else out


def nvivo_percent(both: Any, only_a: Any, only_b: Any, neither: Any) -> float | np.ndarray:
    """NVivo percentage agreement as a proportion: (both + neither) / total.

    Arguments are unit (character) counts, scalars or arrays. NaN when total = 0.
    """
    both, only_a, only_b, neither = _counts(both, only_a, only_b, neither)
    return _ratio(both + neither, both + only_a + only_b + neither)


def nvivo_kappa(both: Any, only_a: Any, only_b: Any, neither: Any) -> float | np.ndarray:
    """NVivo's kappa on unit (character) counts; identical to Cohen's kappa on the 2x2 table.

    EF = (coded_A * coded_B + uncoded_A * uncoded_B) / total; kappa = (agree - EF) / (total - EF).
    NaN when total = EF, e.g. neither coder (or both coders) coded every unit; NVivo's
    own report shows K = 1 for such complete agreement, we report the 0/0 as undefined.
    """
    both, only_a, only_b, neither = _counts(both, only_a, only_b, neither)
    total = both + only_a + only_b + neither
    coded_a, coded_b = both + only_a, both + only_b
    numerator = coded_a * coded_b + (total - coded_a) * (total - coded_b)
    # Multiply through by total so EF never divides: kappa = (agree*T - T*EF) / (T*T - T*EF).
    return _ratio((both + neither) * total - numerator, total * total - numerator)


# --------------------------------------------------------------------------------------
# Interpretation bands
# --------------------------------------------------------------------------------------

def _is_missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def landis_koch_band(kappa: float | None) -> str:
    """Landis & Koch (1977) band: <0 poor, <=.20 slight, <=.40 fair, <=.60 moderate,
    <=.80 substantial, above almost perfect. NaN or None -> "undefined"."""
    if _is_missing(kappa):
        return "undefined"
    if kappa < 0:
        return "poor (<0)"
    for upper, band in ((0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial")):
        if kappa <= upper:
            return band
    return "almost perfect"


def krippendorff_band(alpha: float | None) -> str:
    """Krippendorff's (2004) thresholds: alpha >= .800 acceptable, .667 <= alpha < .800
    tentative conclusions only, below unacceptable. NaN or None -> "undefined"."""
    if _is_missing(alpha):
        return "undefined"
    if alpha >= 0.800:
        return "acceptable (≥0.800)"
    if alpha >= 0.667:
        return "tentative (0.667–0.800)"
    return "unacceptable (<0.667)"
