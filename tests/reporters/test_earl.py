import json

from .contract import ReporterContract


class TestEarlReporter(ReporterContract):
    format_name = "earl"

    def test_one_assertion_per_page_and_rule_outcome(self, tmp_path):
        _, [path] = self.render(tmp_path)
        graph = json.loads(path.read_text())["@graph"]
        outcomes = {(a["subject"]["source"], a["test"]["title"], a["result"]["outcome"]) for a in graph}
        home = "http://127.0.0.1:8000/"
        assert (home, "image-alt", "earl:failed") in outcomes
        # Failed on one element and needing review on another: asserted once, as failed.
        assert (home, "color-contrast", "earl:failed") in outcomes
        assert (home, "color-contrast", "earl:cantTell") not in outcomes
        assert (home, "html-has-lang", "earl:passed") in outcomes
        assert (home, "video-caption", "earl:inapplicable") in outcomes
        # Pages that were not scanned make no claims.
        assert not any("slow.html" in a["subject"]["source"] for a in graph)
