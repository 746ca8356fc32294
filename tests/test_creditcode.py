"""GB 32100-2015 credit codes: check characters, organization code, region."""
from hypothesis import given, strategies as st

from extractors.claims import validate_credit_code
from extractors.claims.creditcode import CHARSET, check_char, org_check_char


def _make(division: str, org8: str = "12345678", prefix: str = "91") -> str:
    body = prefix + division + org8 + org_check_char(org8)
    return body + check_char(body)


def test_published_example_is_valid():
    # the sample code printed in GB 32100-2015 explanations (福州)
    cc = validate_credit_code("91350100M000100Y43")
    assert cc.valid and cc.problems == []
    assert cc.division_code == "350100"
    assert cc.province == "福建省" and cc.city == "福州市"


def test_region_from_division_code():
    cc = validate_credit_code(_make("320411"))
    assert cc.valid
    assert (cc.province, cc.city) == ("江苏省", "常州市")
    gz = validate_credit_code(_make("520102"))
    assert (gz.province, gz.city) == ("贵州省", "贵阳市")


def test_org_check_digit_by_hand():
    # 12345678: 1*3+2*7+3*9+4*10+5*5+6*8+7*4+8*2 = 201; 201 % 11 = 3; 11-3 = 8
    assert org_check_char("12345678") == "8"
    # 00000006: 6*2 = 12, 12 % 11 = 1, 11-1 = 10 -> 'X'
    assert org_check_char("00000006") == "X"
    # 00000000: sum 0, 11-0 = 11 -> '0'
    assert org_check_char("00000000") == "0"


def test_wrong_check_character_is_reported_in_chinese():
    good = _make("320411")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    cc = validate_credit_code(bad)
    assert not cc.valid
    assert any(p.startswith("统一社会信用代码校验位错误") for p in cc.problems)
    # the division digits are still read so staff can see the claimed region
    assert cc.province == "江苏省"


def test_wrong_org_code_check_digit_is_reported_even_if_18th_char_fits():
    body = "91320411" + "12345678" + "9"      # org check should be 8
    code = body + check_char(body)
    cc = validate_credit_code(code)
    assert not cc.valid
    assert any("组织机构代码校验位错误" in p for p in cc.problems)


def test_length_and_charset_problems():
    assert not validate_credit_code("9132041112345678").valid
    cc = validate_credit_code("91320411I2345678O8")  # I and O are not in the charset
    assert not cc.valid
    assert any("非法字符" in p for p in cc.problems)


def test_full_width_and_lower_case_are_folded():
    code = _make("320411")
    fw = "".join(chr(ord(c) + 0xFEE0) for c in code).lower()
    assert validate_credit_code(fw).valid
    assert validate_credit_code(code[:6] + " " + code[6:]).code == code


@given(st.text(alphabet="0123456789", min_size=8, max_size=8),
       st.text(alphabet=CHARSET, min_size=8, max_size=8).filter(lambda s: all(c in "0123456789ABCDEFGHJKLMNPQRTUWXY" for c in s)),
       st.sampled_from(list(CHARSET)))
def test_any_single_substitution_of_check_char_is_caught(div_digits, org8, other):
    org8 = "".join(c if c.isdigit() else "1" for c in org8)
    code = _make("32" + div_digits[:4], org8)
    assert validate_credit_code(code).valid
    if other != code[-1]:
        assert not validate_credit_code(code[:-1] + other).valid
