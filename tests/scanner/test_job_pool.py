"""The workers' pool (discovery/pool.py) shared by the scan and `a11y crawl`: a worker with no
job waits while another is at work (its page may add links), and the work ends once nothing
is queued and nobody is at work."""
import asyncio

from a11y.discovery import PageJob
from a11y.discovery.pool import JobPool


def test_idle_workers_wait_for_the_links_a_busy_one_adds_then_all_stop():
    queue = [PageJob(url="http://127.0.0.1:9/", depth=0, found_on=None)]
    pool = JobPool(lambda: queue.pop(0) if queue else None)
    done: list[str] = []

    async def worker():
        while (job := await pool.take()) is not None:
            try:
                await asyncio.sleep(0)  # let the other workers look at the empty queue meanwhile
                if job.depth == 0:  # the first page has links: work for the idle workers
                    queue.extend(PageJob(url=f"http://127.0.0.1:9/{i}", depth=1, found_on="http://127.0.0.1:9/") for i in range(5))
                    pool.wake()
                done.append(job.url)
            finally:
                pool.done()

    asyncio.run(pool.run(3, worker))
    assert sorted(done) == ["http://127.0.0.1:9/", *(f"http://127.0.0.1:9/{i}" for i in range(5))]
    assert pool.busy == 0


def test_a_worker_without_room_sits_out_until_there_is_room_and_stops_when_told():
    # The room comes while sit_out() awaits (the tab closing): that wake must not be lost.
    queue = [PageJob(url=f"http://127.0.0.1:9/{i}", depth=0, found_on=None) for i in range(3)]
    pool = JobPool(lambda: queue.pop(0) if queue else None)
    state = {"room": False, "sat_out": 0, "stop": False}

    async def sit_out():
        state["sat_out"] += 1
        state["room"] = True  # the others finished meanwhile
        pool.wake()

    async def main():
        first = await pool.take(room=lambda: state["room"], sit_out=sit_out)
        state["stop"] = True
        stopped = await pool.take(go_on=lambda: not state["stop"])
        return first, stopped

    first, stopped = asyncio.run(main())
    assert first.url.endswith("/0") and state["sat_out"] == 1 and stopped is None and pool.busy == 1
