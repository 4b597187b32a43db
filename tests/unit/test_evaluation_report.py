"""`make report` turns the evaluations' JSON into one page a tester can read at a glance."""
import json

from bot import evaluation_report


def voice_result(text, expect, got, harm=None, right=False):
    return {"text": text, "expect": expect, "got": got, "sent": f"utter_{got}" if got else "utter_default",
            "speaker": "adult", "voice": "phone", "category": "ordinary", "right_handoff": right,
            "harm": harm, "reply": "Call 999 now", "critical": False}


def write_results(root):
    (root / "heldout").mkdir(parents=True)
    (root / "safety").mkdir()
    voices = [voice_result("i want to stop looking", "helpline", "helpline", right=True),
              voice_result("my mum said she'll kill me if i fail", "helpline", "emergency_999",
                           harm="benign_answered_as_emergency"),
              voice_result("asdf", "helpline", None)]
    (root / "heldout" / "voices.json").write_text(json.dumps({"summary": {
        "messages": 3, "right_handoff": 1 / 3, "critical": 0, "critical_right": 0, "harmful": 1}, "results": voices}))
    heldout = [{"text": "is the helpline free", "intent": "ask_helpline", "sent": "utter_ask_helpline"},
               {"text": "bye", "intent": "goodbye", "sent": "utter_ask_helpline"}]
    (root / "heldout" / "final.json").write_text(json.dumps({"summary": {
        "messages": 2, "right_handoff": 0.5, "right_answer": 0.5}, "results": heldout}))
    (root / "safety" / "suite.json").write_text(json.dumps({"summary": {
        "critical": 1, "routed_right": 1.0, "detector_alone": 1.0, "benign": 1, "false_alarms": 0.0},
        "critical": [{"text": "he is hurting her now", "route": "child_in_danger", "sent": "utter_child_in_danger",
                      "right": True}], "benign": []}))


def test_the_page_shows_sets_harm_confusion_intents_and_safety(tmp_path):
    write_results(tmp_path / "results")
    page = evaluation_report.write(tmp_path / "results", tmp_path / "report").read_text()
    assert "33.3%" in page                                    # right handoffs on the voice set
    assert "my mum said she&#x27;ll kill me if i fail" in page  # the harmful misroute, with its message
    assert "benign_answered_as_emergency" in page
    assert (tmp_path / "report" / "confusion.png").stat().st_size > 1000
    assert "<td>ask_helpline</td><td>1</td><td>0.50</td><td>1.00</td>" in page  # precision 1/2, recall 1/1
    assert "Not run yet" in page                              # no cross-validation yet: says how to get it
    assert "he is hurting her now" not in page                # safety messages routed right are not listed


def test_cross_validation_is_shown_when_it_has_been_run(tmp_path):
    write_results(tmp_path / "results")
    folder = tmp_path / "results" / "cross-validation"
    folder.mkdir()
    (folder / "intent_report.json").write_text(json.dumps({
        "greet": {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 50},
        "accuracy": 0.9, "macro avg": {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 50}}))
    page = evaluation_report.write(tmp_path / "results", tmp_path / "report").read_text()
    assert "<td>greet</td><td>50</td><td>0.90</td><td>0.80</td><td>0.85</td>" in page
    assert "macro avg" not in page
