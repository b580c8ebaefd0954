"""What the ingest folder's readers make of the files people, scrapers and mail rules drop there."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import socket
from pathlib import Path

import pytest

from bot.core.errors import FormatError, UnsupportedFormat
from bot.core.formats import read_article_file
from bot.core.records import Article, ReadResult

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "articles"
if not CORPUS.is_dir():  # a worktree sits one level deeper than the main checkout
    CORPUS = Path(__file__).parents[1] / ".." / ".." / "shared" / "corpus" / "articles"

KST = dt.timezone(dt.timedelta(hours=9))
#: When the file was last written: the publication time of last resort.
MTIME = dt.datetime(2024, 6, 1, 8, 0, tzinfo=KST)

BOILERPLATE = (
    "Home",
    "Subscribe",
    "Privacy",
    "All rights reserved",
    "Related",
    "Read more",
    "Most read",
    "Advertisement",
    "Comments are closed",
    "cookies",
    "Sign up",
    "morning briefing",
    "Terms",
)


def read(name: str, data: bytes | str) -> ReadResult:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_article_file(name, raw, mtime=MTIME)


def only(result: ReadResult) -> Article:
    assert len(result.articles) == 1
    return result.articles[0]


def failure(name: str, data: bytes | str) -> FormatError:
    with pytest.raises(FormatError) as caught:
        read(name, data)
    return caught.value


# --- plain text --------------------------------------------------------------------------------


def test_a_text_file_with_a_header_block_gives_its_title_date_source_and_body() -> None:
    article = only(
        read(
            "wire.txt",
            "Title: North Korea fires ICBM\n"
            "Published: 2023-07-12T10:05:00+09:00\n"
            "Source: Korea Security Wire\n"
            "URL: https://example.org/icbm\n"
            "\n"
            "North Korea fired an ICBM toward the East Sea on Wednesday.\n"
            "\n"
            "The missile flew for 74 minutes.\n",
        )
    )
    assert article.title == "North Korea fires ICBM"
    assert article.published_at == dt.datetime(2023, 7, 12, 10, 5, tzinfo=KST)
    assert article.published_at.utcoffset() == dt.timedelta(hours=9)
    assert not article.published_inferred
    assert article.source == "Korea Security Wire"
    assert article.url == "https://example.org/icbm"
    assert article.text == (
        "North Korea fired an ICBM toward the East Sea on Wednesday.\n\nThe missile flew for 74 minutes."
    )


def test_header_keys_are_case_insensitive_and_unknown_keys_do_not_end_the_header() -> None:
    article = only(
        read(
            "alert.txt",
            "TITLE: Missile alert\nauthor: Desk\nDATE: Thu, 17 Nov 2022 03:30:00 +0000\n\n"
            "A missile was fired.",
        )
    )
    assert article.title == "Missile alert"
    assert article.published_at == dt.datetime(2022, 11, 17, 3, 30, tzinfo=dt.UTC)
    assert article.text == "A missile was fired."


def test_a_bare_text_file_takes_its_first_sentence_as_title_and_the_file_time_as_date() -> None:
    result = read("note.txt", "Seoul said Mr. Kim watched the launch. It flew 600 km.\n")
    article = only(result)
    assert article.title == "Seoul said Mr. Kim watched the launch."
    assert article.published_at == MTIME
    assert article.published_inferred
    assert any("modification time" in warning for warning in result.warnings)


def test_a_date_nobody_can_read_falls_back_to_the_file_time_and_says_so() -> None:
    result = read("late.txt", "Title: Late news\nPublished: the day before yesterday\n\nA missile flew.")
    article = only(result)
    assert article.published_at == MTIME
    assert article.published_inferred
    assert any("'the day before yesterday' is not a date" in warning for warning in result.warnings)


def test_a_date_without_a_time_is_noon_utc_so_it_stays_the_same_day_in_korea() -> None:
    result = read("day.txt", "Title: Day only\nDate: 2022-11-02\n\nA missile flew.")
    article = only(result)
    assert article.published_at == dt.datetime(2022, 11, 2, 12, 0, tzinfo=dt.UTC)
    assert article.published_at.astimezone(KST).date() == dt.date(2022, 11, 2)
    assert not article.published_inferred
    assert any("no time of day" in warning for warning in result.warnings)


def test_a_body_opening_with_a_colon_is_not_mistaken_for_a_header() -> None:
    article = only(read("update.txt", "Update: North Korea fired a second missile.\nBoth fell into the sea."))
    assert article.text.startswith("Update: North Korea fired a second missile.")


def test_text_is_normalised_spaces_collapsed_and_paragraphs_one_blank_line_apart() -> None:
    article = only(
        read(
            "messy.txt",
            "Title: T\r\n\r\n  North  Korea\u00a0 fired\t a missile.  \r\n\r\n\r\n\r\nIt fell.\r\n",
        )
    )
    assert article.text == "North Korea fired a missile.\n\nIt fell."


def test_markdown_front_matter_and_markup_become_plain_fields_and_prose() -> None:
    article = only(read("brief.md", (FIXTURES / "brief.md").read_bytes()))
    assert article.title == "Briefing: what the Hwasong-18 test means"
    assert article.published_at == dt.datetime(2023, 4, 14, 9, 30, tzinfo=KST)
    assert article.source == "Peninsula Policy Watch"
    assert article.url == "https://example.org/briefs/hwasong-18"
    assert article.text == (
        "North Korea fired its first solid-fuel ICBM, the Hwasong-18, on Thursday.\n\n"
        "Why it matters\n\n"
        "Solid fuel lets a missile be launched at short notice, which leaves less warning for its targets."
    )


def test_a_markdown_file_without_a_title_field_uses_its_opening_heading() -> None:
    article = only(read("n.md", "# Missile over Japan\n\nA missile overflew Hokkaido."))
    assert article.title == "Missile over Japan"
    assert article.text == "A missile overflew Hokkaido."


# --- encodings ---------------------------------------------------------------------------------


def test_a_korean_wire_in_cp949_is_decoded_and_the_guess_is_reported() -> None:
    body = "북한이 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. 미사일은 약 500km를 비행했다."
    result = read("kr.txt", ("Title: 북한 미사일 발사\n\n" + body).encode("cp949"))
    article = only(result)
    assert article.title == "북한 미사일 발사"
    assert article.text == body
    assert any("not UTF-8" in warning for warning in result.warnings)


def test_byte_order_marks_are_honoured_and_removed() -> None:
    text = "Title: BOM\n\nA missile was fired."
    for data in (codecs.BOM_UTF8 + text.encode(), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        article = only(read("bom.txt", data))
        assert article.title == "BOM"
        assert article.text == "A missile was fired."


def test_an_html_page_in_its_declared_legacy_charset_is_decoded_by_the_declaration() -> None:
    page = (
        (FIXTURES / "wire_page.html").read_text("utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    )
    page = page.replace("South Korea's", "South Korea’s")
    result = read("page.html", page.encode("cp1252"))
    assert "South Korea’s Joint Chiefs" in only(result).text
    assert any("declared windows-1252" in warning for warning in result.warnings)


# --- JSON --------------------------------------------------------------------------------------


def test_one_json_article_object_reads_with_its_fields_and_ignores_the_rest() -> None:
    article = only(
        read(
            "a.json",
            json.dumps(
                {
                    "title": "Hwasong-19 launch",
                    "published": "2024-10-30T20:15:00-05:00",
                    "source": "Asia Pacific Wire",
                    "url": "https://example.org/hs19",
                    "text": "North Korea fired an ICBM.\n\nIt flew 86 minutes.",
                    "scraper_version": 7,
                }
            ),
        )
    )
    assert article.title == "Hwasong-19 launch"
    assert article.published_at.utcoffset() == dt.timedelta(hours=-5)
    assert article.published_at.astimezone(KST).date() == dt.date(2024, 10, 31)
    assert article.text == "North Korea fired an ICBM.\n\nIt flew 86 minutes."


def test_json_field_aliases_body_content_date_and_unix_time_are_understood() -> None:
    result = read(
        "aliases.json",
        json.dumps(
            [
                {"body": "First body.", "date": "2022-11-02T09:05:00+09:00", "id": 17},
                {"content": "Second body.", "published_at": 1667347500},
            ]
        ),
    )
    first, second = result.articles
    assert first.text == "First body."
    assert first.title == "First body."
    assert first.external_id == "17"
    assert second.published_at == dt.datetime(2022, 11, 2, 0, 5, tzinfo=dt.UTC)


def test_a_json_list_with_bad_entries_keeps_the_good_ones_and_warns_about_the_rest() -> None:
    result = read(
        "batch.json",
        json.dumps(
            [
                {"title": "Good", "text": "A missile was fired."},
                {"title": "No text here"},
                "just a string",
                {"title": "Also good", "body": "Another missile was fired.", "published": "soon"},
            ]
        ),
    )
    assert [a.title for a in result.articles] == ["Good", "Also good"]
    assert any("entry 2: missing field 'text'" in w for w in result.warnings)
    assert any("entry 3: expected an article object, found a string" in w for w in result.warnings)
    assert any("entry 4: publication date 'soon'" in w for w in result.warnings)


def test_jsonl_keeps_good_lines_and_names_the_bad_ones() -> None:
    result = read(
        "feed.jsonl",
        '{"title": "One", "text": "First."}\n'
        '{"title": "Two", "text": \n'
        "\n"
        '{"title": "Three", "text": "Third."}\n',
    )
    assert [a.title for a in result.articles] == ["One", "Three"]
    assert any(w.startswith("line 2: not JSON") for w in result.warnings)


def test_a_json_file_holding_json_lines_is_read_as_lines() -> None:
    result = read("lines.json", '{"text": "One."}\n{"text": "Two."}\n')
    assert [a.text for a in result.articles] == ["One.", "Two."]
    assert any("JSON Lines" in w for w in result.warnings)


def test_json_that_does_not_parse_is_bad_json_with_line_and_column() -> None:
    err = failure("broken.json", '{\n  "title": "x",\n  "text": "y"\n  "url": "z"\n}')
    assert err.code == "bad_json"
    assert "line 4 column 3" in err.reason


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ("42", "found a number"),
        ('"a string"', "found a string"),
        ('{"title": "Headline only"}', "missing field 'text'"),
        ('{"title": "t", "text": ["para"]}', "'text' is a list"),
        ('[{"title": "a"}, {"title": "b"}]', "and 1 more like it"),
    ],
)
def test_json_of_the_wrong_shape_says_which_field_is_missing(data: str, said: str) -> None:
    err = failure("shape.json", data)
    assert err.code == "wrong_shape"
    assert said in err.reason


def test_an_empty_json_list_is_empty() -> None:
    assert failure("none.json", "[]").code == "empty"


# --- HTML --------------------------------------------------------------------------------------


def test_an_html_page_gives_the_article_without_site_chrome() -> None:
    article = only(read("wire_page.html", (FIXTURES / "wire_page.html").read_bytes()))
    assert article.title == "North Korea fires two cruise missiles into Yellow Sea"
    assert article.source == "Harbour Wire"
    assert article.url == "https://example.org/wire/2024/01/28/cruise-yellow-sea"
    # No meta tag: the JSON-LD stamp, offset and all.
    assert article.published_at == dt.datetime(2024, 1, 28, 7, 45, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert article.text.startswith(
        "North Korea fired two cruise missiles into the Yellow Sea on Sunday morning"
    )
    assert article.text.endswith("a hypersonic warhead on Jan. 14.")
    assert article.text.count("\n\n") == 2
    for chrome in BOILERPLATE:
        assert chrome not in article.text


def test_a_page_of_nothing_but_navigation_has_no_body() -> None:
    page = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
        "<footer>(c) 2024</footer></body></html>"
    )
    assert failure("empty.html", page).code == "no_body"


def test_a_page_stamped_only_by_a_time_element_keeps_its_time_and_offset() -> None:
    page = (
        "<html><head><title>Launch</title></head><body><article>"
        "<time datetime='2022-10-04T07:22:00+09:00'>Oct. 4</time>"
        "<p>North Korea fired a ballistic missile over Japan on Tuesday morning, officials said.</p>"
        "</article></body></html>"
    )
    article = only(read("timed.html", page))
    assert article.published_at == dt.datetime(2022, 10, 4, 7, 22, tzinfo=KST)
    assert not article.published_inferred


def test_a_page_with_no_date_anywhere_gets_the_file_time() -> None:
    page = (
        "<html><head><title>Launch</title></head><body><article>"
        "<p>North Korea fired a missile on Tuesday morning, officials said.</p></article></body></html>"
    )
    article = only(read("undated.html", page))
    assert article.published_at == MTIME
    assert article.published_inferred


# --- feeds -------------------------------------------------------------------------------------


def test_an_atom_feed_gives_one_article_per_good_entry() -> None:
    result = read("tsd.atom", (FIXTURES / "atom_feed.atom").read_bytes())
    first, second = result.articles
    assert first.title == "North Korea fires ballistic missile toward East Sea"
    assert first.text == (
        "North Korea fired a ballistic missile toward the East Sea on Sunday afternoon, "
        "Japan's Defense Ministry said.\n\nThe missile appeared to fall outside Japan's EEZ."
    )
    assert first.published_at == dt.datetime(2024, 1, 14, 15, 10, tzinfo=KST)
    assert first.source == "Tokyo Security Desk"
    assert first.url == "https://example.org/tsd/2024/01/14/ballistic"
    assert first.external_id == "urn:example:tsd:2024-0114-1"
    # The second entry's date is nonsense: the file time stands in.
    assert second.published_inferred
    assert second.published_at == MTIME
    assert any("entry 2: neither title nor text; entry skipped" in w for w in result.warnings)


def test_an_rss_item_with_html_in_its_description_is_read_as_text() -> None:
    feed = """<rss version="2.0"><channel><title>Desk</title>
    <item><title>Launch &amp; response</title><link>https://example.org/1</link>
    <pubDate>Sat, 05 Nov 2022 04:10:00 +0000</pubDate>
    <description>&lt;p&gt;Four &lt;b&gt;SRBMs&lt;/b&gt; were fired.&lt;/p&gt;
    &lt;p&gt;Seoul responded.&lt;/p&gt;</description>
    </item></channel></rss>"""
    article = only(read("desk.rss", feed))
    assert article.title == "Launch & response"
    assert article.text == "Four SRBMs were fired.\n\nSeoul responded."
    assert article.external_id == "https://example.org/1"  # no guid: the link identifies it


def test_a_feed_with_no_entries_or_no_feed_at_all_is_a_bad_feed() -> None:
    assert failure("empty.rss", "<rss><channel><title>Desk</title></channel></rss>").code == "bad_feed"
    assert failure("garbage.xml", "<not-a-feed><x>1</x></not-a-feed>").code == "bad_feed"
    assert failure("broken.xml", "<rss><channel><item><title>unclosed").code == "bad_feed"


def test_a_feed_file_holding_a_url_or_a_path_is_never_fetched_or_opened() -> None:
    assert failure("link.xml", "http://127.0.0.1:9/feed.xml").code == "bad_feed"
    assert failure("path.rss", str(FIXTURES / "atom_feed.atom")).code == "bad_feed"


def test_no_reader_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a reader tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    remote = (
        "<!DOCTYPE html SYSTEM 'http://example.org/x.dtd'><html><body><img src='http://example.org/i.png'>"
    )
    assert only(read("remote.html", remote + "<p>A missile was fired, officials said on Monday.</p>")).text
    assert failure("feed.xml", "https://example.org/feed.xml").code == "bad_feed"
    for path in sorted(FIXTURES.iterdir()):
        assert read(path.name, path.read_bytes()).articles


# --- e-mail ------------------------------------------------------------------------------------


def test_a_plain_text_alert_mail_gives_subject_date_sender_and_body_without_signature() -> None:
    mail = (
        "From: Korea Alerts <alerts@example.org>\n"
        "Subject: North Korea fires ballistic missile\n"
        "Date: Tue, 18 Nov 2025 08:15:00 +0900\n"
        "Message-ID: <abc@example.org>\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        "North Korea fired a ballistic missile on Tuesday morning.\n"
        "\n"
        "-- \n"
        "Korea Alerts | Unsubscribe: https://example.org/u\n"
    )
    article = only(read("alert.eml", mail))
    assert article.title == "North Korea fires ballistic missile"
    assert article.published_at == dt.datetime(2025, 11, 18, 8, 15, tzinfo=KST)
    assert article.source == "Korea Alerts"
    assert article.external_id == "abc@example.org"
    assert article.text == "North Korea fired a ballistic missile on Tuesday morning."


def test_an_html_only_newsletter_is_read_as_text_without_its_wrapping() -> None:
    article = only(read("news.eml", (FIXTURES / "html_newsletter.eml").read_bytes()))
    assert article.title == "Alert: North Korea launches satellite rocket"
    assert article.source == "Peninsula Alerts"
    assert article.published_at == dt.datetime(2024, 5, 27, 23, 5, tzinfo=KST)
    assert article.text.startswith(
        "North Korea launched a rocket carrying a military reconnaissance satellite"
    )
    assert article.text.endswith("debris fell into the Yellow Sea.")
    for wrapping in ("View this email", "Unsubscribe", "receiving this", "preferences", "font-family"):
        assert wrapping not in article.text


def test_a_mail_with_only_an_attachment_has_no_body() -> None:
    mail = (
        "Subject: Scan\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
        "--B\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=a.pdf\n"
        "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--B--\n"
    )
    assert failure("scan.eml", mail).code == "no_body"


# --- every way bytes can be bad ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.txt", "a.md", "a.json", "a.jsonl", "a.html", "a.xml", "a.eml", "noext"])
def test_empty_and_whitespace_files_are_empty_in_every_format(name: str) -> None:
    assert failure(name, b"").code == "empty"
    assert failure(name, b" \n\t \r\n").code == "empty"


@pytest.mark.parametrize("name", ["a.txt", "a.json", "a.html", "a.rss", "a.eml", "noext"])
def test_binary_files_are_binary_in_every_format(name: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    assert failure(name, png).code == "binary"
    noise = bytes(range(0x80, 0x100)) * 4  # no NUL, and no encoding makes text of it
    assert failure(name, b"\x01\x02\x03\x04\x05\x06" * 40 + noise).code == "binary"


def test_a_header_with_no_text_after_it_is_empty() -> None:
    assert (
        failure("hdr.txt", "Title: Nothing follows\nPublished: 2024-01-01T00:00:00+09:00\n\n").code == "empty"
    )


@pytest.mark.parametrize("name", ["report.pdf", "photo.jpg", "article.txt.part", "notes.docx", "a.txt~"])
def test_files_in_formats_we_do_not_read_are_unsupported(name: str) -> None:
    err = failure(name, "North Korea fired a missile.")
    assert isinstance(err, UnsupportedFormat)
    assert err.code == "unsupported"


def test_a_file_without_an_extension_is_read_by_its_content() -> None:
    json_result = read("dropped", '{"title": "Sniffed", "text": "A missile was fired."}')
    assert only(json_result).title == "Sniffed"
    assert json_result.warnings[0] == "no file extension; read as json by its content"
    mail = "Subject: Mailed\nFrom: a@example.org\n\nA missile was fired."
    assert only(read("inbox/msg-0001", mail)).title == "Mailed"
    assert only(read("README", "Title: Plain\n\nA missile was fired.")).title == "Plain"
    assert (
        only(read("wire-0001", "[Breaking] A missile was fired.")).text == "[Breaking] A missile was fired."
    )
    assert only(
        read("page", "<html><body><p>A missile was fired on Monday, said the JCS.</p></body></html>")
    ).text


def test_extensions_are_matched_whatever_their_case() -> None:
    assert only(read("SHOUT.TXT", "Quiet text.")).text == "Quiet text."


def test_a_naive_mtime_is_the_callers_bug_and_not_blamed_on_the_file() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        read_article_file("a.txt", b"text", mtime=dt.datetime(2024, 1, 1))


# --- the development corpus --------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus is not checked out here")

HTML_EXPECTED = {
    "d005.html": (
        "North Korea's submarine-launched missile flies 500 km toward Japan",
        dt.datetime(2016, 8, 24, 11, 5, tzinfo=KST),
        "East Asia Observer",
    ),
    "d012.html": (
        "North Korea says it tested new Hwasong-8 hypersonic missile",
        dt.datetime(2021, 9, 29, 16, 0, tzinfo=KST),
        "The Seoul Ledger",
    ),
    "d021.html": (
        "Live: North Korea fires more than 20 missiles; one lands south of sea border",
        dt.datetime(2022, 11, 2, 20, 30, tzinfo=KST),
        "Korea Live Desk",
    ),
}


def corpus_files(*suffixes: str) -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.suffix in suffixes)


@needs_corpus
@pytest.mark.parametrize("name", corpus_files(".json"))
def test_corpus_json_articles_keep_title_offset_and_text(name: str) -> None:
    expected = json.loads((CORPUS / name).read_text("utf-8"))
    article = only(read(name, (CORPUS / name).read_bytes()))
    assert article.title == expected["title"]
    published = dt.datetime.fromisoformat(expected["published"])
    assert article.published_at == published
    assert article.published_at.utcoffset() == published.utcoffset()
    assert article.source == expected["source"]
    assert article.url == expected["url"]
    assert article.text == expected["text"].strip()


@needs_corpus
@pytest.mark.parametrize("name", corpus_files(".txt"))
def test_corpus_text_articles_keep_title_offset_and_body(name: str) -> None:
    raw = (CORPUS / name).read_text("utf-8")
    header, _, body = raw.partition("\n\n")
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    article = only(read(name, (CORPUS / name).read_bytes()))
    published = dt.datetime.fromisoformat(fields["Published"])
    assert article.published_at == published
    assert article.published_at.utcoffset() == published.utcoffset()
    assert not article.published_inferred
    assert article.title == fields.get("Title", article.title)
    assert article.text.split("\n")[0] == body.strip().split("\n")[0].strip()
    assert article.source == (None if fields["Source"] == "unknown" else fields["Source"])


@needs_corpus
def test_seed004_has_no_title_line_so_its_first_sentence_cut_to_length_is_the_title() -> None:
    article = only(read("seed004.txt", (CORPUS / "seed004.txt").read_bytes()))
    # The lost dateline "():" is not part of the title; the 215-character sentence is cut at a word.
    assert article.title.startswith(
        "South Korea’s military said Sunday that it had detected that North Korea"
    )
    assert article.title.endswith(" in recent months that…")
    assert len(article.title) <= 201
    assert article.text.startswith("(): South Korea’s military said Sunday")


@needs_corpus
@pytest.mark.parametrize("name", sorted(HTML_EXPECTED))
def test_corpus_html_pages_give_title_without_site_name_stamp_with_offset_and_clean_text(name: str) -> None:
    title, published, source = HTML_EXPECTED[name]
    article = only(read(name, (CORPUS / name).read_bytes()))
    assert article.title == title
    assert article.published_at == published
    assert article.published_at.utcoffset() == dt.timedelta(hours=9)
    assert article.source == source
    assert article.url is not None
    assert article.url.startswith("https://example.org/")
    assert len(article.text) > 1000
    for chrome in BOILERPLATE:
        assert chrome not in article.text, chrome


@needs_corpus
def test_the_live_blog_comes_through_whole_with_every_timestamped_entry_in_order() -> None:
    article = only(read("d021.html", (CORPUS / "d021.html").read_bytes()))
    stamps = [
        "8:30 p.m.",
        "5:10 p.m.",
        "2:05 p.m.",
        "12:20 p.m.",
        "11:40 a.m.",
        "10:15 a.m.",
        "9:30 a.m.",
        "9:05 a.m.",
    ]
    paragraphs = article.text.split("\n\n")
    entries = [p for p in paragraphs if p.split(" — ")[0] in stamps]
    assert [p.split(" — ")[0] for p in entries] == stamps
    assert paragraphs[-1].startswith("Background — The launches came two days after")
    assert "three air-to-ground missiles" in article.text
    assert "LIVE ·" not in article.text


@needs_corpus
def test_the_corpus_feed_gives_three_items_each_with_its_own_pubdate() -> None:
    result = read("d022.xml", (CORPUS / "d022.xml").read_bytes())
    assert [a.published_at for a in result.articles] == [
        dt.datetime(2022, 11, 17, 3, 30, tzinfo=dt.UTC),
        dt.datetime(2022, 11, 9, 9, 5, tzinfo=dt.UTC),
        dt.datetime(2022, 11, 5, 4, 10, tzinfo=dt.UTC),
    ]
    assert result.articles[0].title == "N. Korea fires SRBM from Wonsan after foreign minister's warning"
    assert {a.source for a in result.articles} == {"Korea Security Wire - North Korea"}
    assert all(a.external_id and a.external_id == a.url for a in result.articles)
    assert all(a.text.startswith("North Korea ") for a in result.articles)
    assert result.warnings == ()
