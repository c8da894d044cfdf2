import pytest

from portal.rules.quick_exit import DEFAULT_QUICK_EXIT_URL, UnsafeQuickExit, checked_quick_exit_url


@pytest.mark.parametrize("url", [DEFAULT_QUICK_EXIT_URL, "https://nos.nl/", "https://www.knmi.nl/nederland-nu/weer"])
def test_a_neutral_https_page_is_accepted(url):
    assert checked_quick_exit_url(url) == url


@pytest.mark.parametrize("url,reason", [
    ("http://nos.nl/", "https"),
    ("javascript:alert(1)", "https"),
    ("https://nos.nl/?utm_source=schuldhulp", "query string"),
    ("https://nos.nl/#van-schuldhulp", "query string"),
    ("https://nos.nl/?", "query string"),
    ("https://user:pw@nos.nl/", "login"),
    ("https://nos.nl:8443/", "port"),
    ("https://localhost/", "host name"),
    ("https://10.0.0.1/", "host name"),
    ("https://bit.ly/abc", "counts or passes on"),
    ("https://l.facebook.com/l.php", "counts or passes on"),
    ("https://www.googletagmanager.com/x", "counts or passes on"),
    ("https://nos.nl/" + "a" * 200, "at most 200"),
    ("", "at most 200"),
])
def test_an_unsafe_page_is_refused_with_the_reason(url, reason):
    with pytest.raises(UnsafeQuickExit, match=reason):
        checked_quick_exit_url(url)
