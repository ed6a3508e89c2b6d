"""The search key of a text (assignments/text.py): what `q=` compares."""

from __future__ import annotations

import unicodedata

import pytest

from assignments.text import fold_text, search_document, search_words


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Phúc Xá", "phuc xa"),
        ("PHÚC XÁ", "phuc xa"),
        ("Phuc Xa", "phuc xa"),
        (unicodedata.normalize("NFD", "Phúc Xá"), "phuc xa"),
        ("Đội Cấn đ", "doi can d"),
        ("Nguyễn Thị Ưng, ơ", "nguyen thi ung, o"),
        ("  Quán   Thánh\t", "quan thanh"),
        ("ＡＢ", "ab"),  # full-width letters of some keyboards
        ("Łódź", "łodz"),  # a letter with no decomposition keeps its own form
    ],
)
def test_fold_text_forgets_case_accents_and_the_stroke_of_d(typed, key):
    assert fold_text(typed) == key


def test_a_search_document_puts_one_space_before_every_word():
    assert search_document("Kết luận 12-KL/QU", "", "Lê Văn Phối Hợp") == " ket luan 12 kl qu le van phoi hop"


def test_the_words_of_a_query_are_folded_split_at_punctuation_and_each_kept_once():
    assert search_words("Phúc xá, PHUC; 12-KL") == ["phuc", "xa", "12", "kl"]
    assert search_words(" ,; ") == []
