"""Ingest with worker processes (``--workers``): the same store as a single-process run."""

from __future__ import annotations

from hodo.engines import ProcessEngine, ingest_with
from hodo.engines.choice import ingest_on
from hodo.packs import load_pack
from hodo.pipeline import ingest
from hodo.store import Store


def test_two_workers_store_the_claims_and_events_of_one_process(corpus, single, contents, tmp_path):
    pack = load_pack()
    with Store.open(tmp_path / "hodo.db") as store, ProcessEngine(pack, 2) as engine:
        summary = ingest_with(engine, store, [corpus], pack)
        found = contents(store)
    expected_summary, expected = single
    assert found == expected
    assert found[0] and found[1]
    assert [(o.name, o.status, o.claim_ids) for o in summary.outcomes] == [
        (o.name, o.status, o.claim_ids) for o in expected_summary.outcomes
    ]
    assert summary.events == expected_summary.events
    assert any(o.status == "failed" for o in summary.outcomes)  # the empty file, as in one process


def test_inputs_in_another_order_match_one_process_given_that_order(corpus, contents, tmp_path):
    pack = load_pack()
    files = sorted(str(p) for p in corpus.iterdir())[::-1]
    with Store.open(tmp_path / "one.db") as store:
        ingest(store, files, pack)
        expected = contents(store)
    with Store.open(tmp_path / "two.db") as store, ProcessEngine(pack, 2) as engine:
        ingest_with(engine, store, files, pack)
        assert contents(store) == expected


def test_a_second_run_with_workers_changes_nothing_and_a_missing_file_costs_itself_only(
    corpus, single, contents, tmp_path
):
    pack = load_pack()
    with Store.open(tmp_path / "hodo.db") as store:
        ingest_on(store, [corpus], pack, workers=2)
        summary = ingest_on(store, [corpus, tmp_path / "missing.txt"], pack, workers=2)
        assert contents(store) == single[1]
    assert summary.count("new") == 0
    assert summary.count("unchanged") == len(list(corpus.iterdir())) - 1 + 3 - 1
    failed = [o.name for o in summary.outcomes if o.status == "failed"]
    assert str(tmp_path / "missing.txt") in failed


class StillStarting:
    """Workers that say they are still starting: the writer must go on by itself, handing out only long tasks."""

    def __init__(self, engine: ProcessEngine) -> None:
        self.engine = engine
        self.window = engine.window
        self.place_while_storing = engine.place_while_storing
        self.reads_inputs = engine.reads_inputs
        self.here = engine.here
        self.submitted: list[str] = []

    def ready(self) -> bool:
        return False

    def submit(self, task):
        self.submitted.append(task.entry.path)
        return self.engine.submit(task)

    def restart(self) -> None:
        self.engine.restart()


def test_while_the_workers_start_the_writer_analyses_the_short_inputs_itself(corpus, single, contents, tmp_path):
    pack = load_pack()
    with Store.open(tmp_path / "hodo.db") as store, ProcessEngine(pack, 2) as engine:
        starting = StillStarting(engine)
        ingest_with(starting, store, [corpus], pack)
        assert contents(store) == single[1]
    assert [p.rsplit("/", 1)[-1] for p in starting.submitted] == ["a_long.txt"]
