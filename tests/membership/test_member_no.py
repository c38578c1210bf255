"""Member numbers are readable, unique and self-checking."""
from app.membership.member_no import check_character, format_member_no, is_valid_member_no


def test_format():
    number = format_member_no(2026, 42)
    assert number.startswith("HH2026000042") and len(number) == 13 and is_valid_member_no(number)


def test_known_iso_7064_value():
    # ISO 7064 MOD 11-2 example: 079 → check character X
    assert check_character("079") == "X"


def test_every_single_digit_typo_is_caught():
    for seq in (1, 37, 123456, 999999):
        number = format_member_no(2026, seq)
        for position in range(2, len(number) - 1):
            for digit in "0123456789":
                if digit != number[position]:
                    typo = number[:position] + digit + number[position + 1:]
                    assert not is_valid_member_no(typo), typo


def test_garbage_is_invalid():
    assert not is_valid_member_no("") and not is_valid_member_no(None) and not is_valid_member_no("HH20260001")
