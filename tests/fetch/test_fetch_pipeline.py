"""URL inputs in pipeline files: fetched into the store first, then read from the stored copies; a re-run with
the server stopped reads the same articles and makes no request."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from transcompare.cli import main
from transcompare.config import load_pipeline
from transcompare.errors import ConfigError

apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="Debian package apertium not installed")


def _pipeline(tmp: Path, inputs: str, extra: str = "") -> Path:
    path = tmp / "p.toml"
    path.write_text(f'name = "p"\npivot = "en"\n{inputs}\n[fetch]\ndelay = 0.01\ntimeout = 0.5\nretries = 0\n'
                    f'[translate]\nengine = "apertium"\n[output]\nreport = false\n{extra}', encoding="utf-8")
    return path


@apertium
def test_a_pipeline_of_urls_runs_then_reruns_offline(site, tmp_path, cache_env):
    urls = [site.url("/demo/constructed-en-wire"), site.url("/demo/constructed-es-diario"), site.url("/missing")]
    pipe = _pipeline(tmp_path, f'[[inputs]]\nurls = {json.dumps(urls)}\n'
                               f'[[inputs]]\nurls = ["{site.url("/demo/constructed-fr-quotidien")}"]\n'
                               f'outlet = "Le Quotidien (override)"')
    result = CliRunner().invoke(main, ["run", str(pipe), "--quiet"])
    assert result.exit_code == 2, result.output  # the 404 is a failed input; the others are read
    assert result.stderr.strip() == f"Error: {site.url('/missing')}: HTTP 404 Not Found"
    run = tmp_path / "runs" / "p"
    m = json.loads((run / "manifest.json").read_text())
    assert m["failed_inputs"] == [{"path": site.url("/missing"), "error": "HTTP 404 Not Found"}]
    assert m["counts"]["articles"] == 3 and m["counts"]["statements"] > 0
    assert sorted(i["url"] for i in m["inputs"]) == sorted([*urls[:2], site.url("/demo/constructed-fr-quotidien")])
    assert all((tmp_path / "web").joinpath("articles") in Path(i["path"]).parents for i in m["inputs"])
    articles = pl.read_parquet(run / "articles.parquet")
    assert sorted(articles["lang"].to_list()) == ["en", "es", "fr"]
    assert "Le Quotidien (override)" in articles["outlet"].to_list()  # the input's keys still override
    asked = len(site.log)

    site.stop()  # offline: every URL is stored (the failure too), so nothing is asked
    again = CliRunner().invoke(main, ["run", str(pipe), "--quiet", "--force"])
    assert again.exit_code == 2 and again.stderr == result.stderr
    assert len(site.log) == asked
    assert pl.read_parquet(run / "articles.parquet").equals(articles)
    m2 = json.loads((run / "manifest.json").read_text())
    assert m2["inputs"] == m["inputs"] and m2["counts"] == m["counts"]


def test_url_file_and_feed_inputs_are_fetched_by_check(site, tmp_path, cache_env):
    (tmp_path / "urls.txt").write_text(f"# constructed pages\n{site.url('/cp1251')}\n\n{site.url('/nav-only')}\n"
                                       "not a url\n", encoding="utf-8")
    pipe = _pipeline(tmp_path, f'[[inputs]]\nurl_file = "urls.txt"\n[[inputs]]\nfeed = "{site.url("/feed.atom")}"\n')
    result = CliRunner().invoke(main, ["run", str(pipe), "--check"])
    assert result.exit_code == 2
    # the cp1251 page is named by both inputs: stored once, read by each (as a file named twice is)
    assert "3 articles readable, languages fr, ru" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert f"Error: {tmp_path / 'urls.txt'}: line 5: 'not a url' is not an http(s) URL" in lines
    assert any(line.startswith(f"Error: {site.url('/nav-only')}: not an article") for line in lines)
    assert site.count("/cp1251") == 1 and site.count("/feed.atom") == 1
    asked = len(site.log)
    CliRunner().invoke(main, ["run", str(pipe), "--check"])
    assert len(site.log) == asked


def test_a_store_that_cannot_be_made_names_the_key(site, tmp_path, cache_env):
    (tmp_path / "blocker").write_text("a file")
    pipe = _pipeline(tmp_path, f'[[inputs]]\nurls = ["{site.url("/article")}"]\n')
    pipe.write_text(pipe.read_text().replace("[fetch]\n", '[fetch]\ndir = "blocker/web"\n'))
    result = CliRunner().invoke(main, ["run", str(pipe), "--check"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {pipe}: [fetch] dir: fetch store") and "Not a directory" in line
    assert site.log == []


@pytest.mark.parametrize("inputs, message", [
    ('[[inputs]]\nlang = "en"', "[inputs[0]] give exactly one of path, urls, url_file, feed"),
    ('[[inputs]]\npath = "a.md"\nurls = ["https://example.org/a"]',
     "[inputs[0]] give exactly one of path, urls, url_file, feed (found path and urls)"),
    ('[[inputs]]\nurls = ["example.org/a"]', "[inputs[0].urls] 'example.org/a' is not an http(s) URL"),
    ('[[inputs]]\nurls = []', "[inputs[0].urls] is empty; give at least one URL"),
    ('[[inputs]]\nfeed = "ftp://example.org/rss"', "[inputs[0].feed] 'ftp://example.org/rss' is not an http(s) URL"),
    ('[[inputs]]\nurls = ["https://example.org/a"]\n[fetch]\ndelay = -1', "[fetch.delay] Input should be greater"),
])
def test_bad_web_inputs_are_config_errors_naming_the_key(tmp_path, inputs, message):
    path = tmp_path / "p.toml"
    path.write_text(f'name = "p"\n{inputs}\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_pipeline(path)
    assert str(err.value).startswith(f"{path}: {message}")


def test_a_pipeline_without_urls_keeps_its_config_hash(tmp_path):
    """Inputs that may come from the web did not change the hash (and so the stage keys) of file pipelines."""
    path = tmp_path / "p.toml"
    path.write_text('name = "p"\n[[inputs]]\npath = "a.md"\n', encoding="utf-8")
    pipe = load_pipeline(path)
    assert pipe.inputs[0].identity() == {"path": "a.md", "outlet": None, "lang": None, "title": None, "url": None,
                                         "published": None, "byline": None, "trust_lang": False}
    assert pipe.fetch_dir() == tmp_path / "web"  # the store's default: beside the pipeline file


def test_a_refreshed_page_changes_the_ingest_key(site, tmp_path, cache_env):
    """The ingest stage's signature holds the stored copies' sha256 (``input_files``): a page fetched again with
    new text changes it, so the next run reads it again; an unchanged store does not."""
    from transcompare.stages import input_files

    from .localsite import ARTICLE_PARAS, page

    pipe_file = _pipeline(tmp_path, f'[[inputs]]\nurls = ["{site.url("/article")}"]\n')
    assert CliRunner().invoke(main, ["run", str(pipe_file), "--check"]).exit_code == 0
    pipe = load_pipeline(pipe_file)
    before, _ = input_files(pipe)
    assert input_files(pipe)[0] == before and before[0]["url"] == site.url("/article")
    site.changed["/article"] = (200, {"Content-Type": "text/html"},
                                page("Harbour to restore the old lighthouse",
                                     [*ARTICLE_PARAS, "Update: the works begin in June."]).encode())
    res = CliRunner().invoke(main, ["fetch", "--refresh", site.url("/article"), "--out", str(tmp_path / "web"),
                                    "--delay", "0.01", "-q"])
    assert res.exit_code == 0, res.output
    after, _ = input_files(pipe)
    assert after[0]["path"] == before[0]["path"] and after[0]["sha256"] != before[0]["sha256"]
