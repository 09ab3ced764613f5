"""The password rule of /admin accounts: at least `MIN_LENGTH` characters that are not all
whitespace, not one character repeated, and none of the most common passwords (the top of the
public leaked-password lists, and the common Chinese ones), compared case-insensitively and
ignoring spaces. Returns the reason in Chinese and English, or None."""

from __future__ import annotations

MIN_LENGTH = 10

# Passwords of 10 characters or more from the top of public leaked-password lists (shorter ones
# fail the length rule anyway), with the Chinese keyboard and pinyin favourites.
COMMON = frozenset(
    """
    1234567890 0123456789 0987654321 9876543210 12345678910 123456789a a123456789 123456789q
    q123456789 1234567890q qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456 1q2w3e4r5t
    1q2w3e4r5t6y 1qaz2wsx3edc 1qazxsw23edc zaq12wsxcde zaq1xsw2cde3 qazwsxedc123 qazwsxedcrfv
    asdfghjkl1 asdfghjkl123 zxcvbnm123 zxcvbnm1234 abcdefghij abcdefg123 abcd123456 abc1234567
    abc123456789 a1b2c3d4e5 password12 password123 password1234 password12345 passw0rd123
    p@ssw0rd123 p@ssword123 iloveyou12 iloveyou123 administrator admin12345 admin123456
    admin1234567 administrator1 root123456 welcome123 welcome1234 letmein123 changeme123
    sunshine123 football123 baseball123 princess123 superman123 monkey12345 dragon12345
    1234512345 1231231231 123123123123 1234567812345678 1122334455 1111122222 1212121212
    1234554321 5201314520 52013145201314 woaini1314 woaini521 woaini5201314 iloveyou5201314
    aa123456789 a12345678910 123456789abc 1234567890abc qq123456789 qq1234567890 wang123456
    zhang123456 li123456789 liu123456789 chen123456 yang123456 huang123456 zhao123456
    123456wang abc123abc123 aaaaaaaaaa 1q2w3e4r5t6y7u 147258369a 1472583690 3141592653
    7758521521 1314520520 5211314521 woshishui123 nicaicai123 beijing2008 zhongguo123
    china123456 shanghai123 ganzhou123 ganzhou2019 getdz12345 getdz123456 dashboard123
    """.split()
)


def problem(password: str) -> tuple[str, str] | None:
    """(Chinese, English) reason the password is refused, or None when it may be used."""
    squeezed = "".join(password.split()).lower()
    if len(password.strip()) < MIN_LENGTH:
        return (
            f"密码太短:至少 {MIN_LENGTH} 个字符(不计首尾空格)",
            f"the password is too short: at least {MIN_LENGTH} characters besides spaces",
        )
    if len(set(squeezed)) <= 1:
        return ("密码不能由同一个字符重复组成", "the password is one character repeated")
    if squeezed in COMMON:
        return ("这是最常见的密码之一,请换一个", "this is one of the most common passwords: choose another")
    return None
