"""Reading a built page in tests: its soup, one executed block by id, a table's cells, the text a
reader sees. Shared by the lessons' page tests."""

from __future__ import annotations

from bs4 import BeautifulSoup


def soup_of(site, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def block(soup: BeautifulSoup, block_id: str):
    """The executed block ``block_id`` (``choosing/big-idea/range_test_curve``) of a page."""
    found = soup.select_one(f'div.lrlab-block[data-block="{block_id}"]')
    assert found is not None, f"no block {block_id}"
    return found


def cells(table) -> list[list[str]]:
    return [[td.get_text().strip() for td in tr.select("td")] for tr in table.select("tbody tr")]


def said(element) -> str:
    return " ".join(element.get_text().split())
