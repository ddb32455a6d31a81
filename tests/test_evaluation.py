from qualcode.condense.evaluation import score_codes


def test_precision_recall_f1_per_code_and_micro():
    gold = {"s1": {"a", "b"}, "s2": {"a"}, "s3": set()}
    predicted = {"s1": {"a"}, "s2": {"a", "b"}, "s3": {"b"}}
    per_code, micro = score_codes(gold, predicted)
    a, b = per_code
    assert (a.true_positives, a.false_positives, a.false_negatives) == (2, 0, 0)
    assert (b.true_positives, b.false_positives, b.false_negatives) == (0, 2, 1)
    assert a.f1 == 1.0 and b.precision == 0.0 and b.recall == 0.0 and b.f1 == 0.0
    assert (micro.true_positives, micro.false_positives, micro.false_negatives) == (2, 2, 1)
    assert micro.precision == 0.5 and round(micro.recall, 3) == 0.667


def test_missing_predictions_count_as_uncoded():
    _, micro = score_codes({"s1": {"a"}}, {})
    assert (micro.true_positives, micro.false_negatives, micro.recall) == (0, 1, 0.0)
