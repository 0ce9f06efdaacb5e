"""evals/classify.py reports our mapper and the baseline side by side, per split."""

from evals.classify import evaluate, load_rows


def test_eval_reports_mapper_and_baseline_for_every_split(mapper):
    rows = load_rows()[:40]
    report = evaluate(rows, mapper)
    for model in ("mapper", "baseline"):
        for split in ("all", "tune", "heldout"):
            fig = report[model][split]
            assert {"top1", "top3", "link_top1", "mismatch_false_alarm", "mismatch_recall", "ece"} <= set(fig)
    assert report["mapper"]["all"]["top1"] > report["baseline"]["all"]["top1"]
    assert report["mapper"]["heldout"]["n"] == 8  # every 5th line is held out


def test_held_out_lines_are_every_fifth():
    rows = load_rows()
    assert [r["split"] for r in rows[:5]] == ["tune"] * 4 + ["heldout"]
