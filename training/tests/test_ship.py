import pytest

from ship import carried_comparison


def test_an_earlier_cards_comparison_is_carried_over_verbatim_and_said_so(tmp_path):
    folder = tmp_path / "liver-resnet50-v4"
    folder.mkdir()
    card = folder / "MODEL_CARD.md"
    card.write_text(
        "# v4\n\n## Training data\nphantoms\n\n## Fine-tuning against training from scratch\n\n"
        "Test accuracy, 3 seeds:\n\n| a | b |\n| --- | --- |\n| 86.5% | 90.9% |\n\n## The shipped model\nmore\n"
    )
    lines = carried_comparison(card)
    assert lines[0] == ("Carried over from the model card of liver-resnet50-v4 (the experiment was not rerun for this model):")
    assert lines[2:] == ["Test accuracy, 3 seeds:", "", "| a | b |", "| --- | --- |", "| 86.5% | 90.9% |"]


def test_a_card_without_the_comparison_is_refused(tmp_path):
    card = tmp_path / "MODEL_CARD.md"
    card.write_text("# v1\n\n## Training data\n")
    with pytest.raises(SystemExit, match="has no section"):
        carried_comparison(card)
