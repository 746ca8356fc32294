"""extractors.textsim: the one character-bigram similarity (issue 17)."""
from extractors.textsim import bigram_list, bigrams, containment, dice, multiset_dice


def test_bigrams_and_single_characters():
    assert bigrams("研发投入") == {"研发", "发投", "投入"}
    assert bigrams("研") == set() and bigrams("") == set()
    assert bigrams("研", keep_single=True) == {"研"} and bigrams("", keep_single=True) == set()
    assert bigram_list("哈哈哈") == ["哈哈", "哈哈"] and bigram_list("哈") == ["哈"] and bigram_list("") == []


def test_dice_variants():
    assert dice("信用承诺书", "诚信承诺书") == 0.5 == multiset_dice("信用承诺书", "诚信承诺书")
    assert dice("abc", "abc") == 1.0 and dice("", "abc") == 0.0 and dice("a", "a") == 0.0
    assert dice("a", "a", keep_single=True) == 1.0
    # repeats: the set measure sees one 哈哈, the multiset one counts both
    assert dice("哈哈哈", "哈哈") == 1.0
    assert multiset_dice("哈哈哈", "哈哈") == 2 * 1 / 3


def test_containment():
    assert containment("研发投入比例", "研发投入占营业收入比例") == 1.0
    assert containment("研发投入占比", "研发投入占营业收入比例") == 0.8
    assert containment("", "研发") == 0.0
