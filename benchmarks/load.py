"""Bounded loopback load test of `storyline serve`.

Starts the real server (``storyline serve``, one uvicorn process) on a free
127.0.0.1 port over a store built from a corpus folder (or an existing store),
then sends a fixed number of GET requests with fixed concurrency over a mix of
pages and API calls derived from the store itself (front page, story pages,
article pages, story/article/span JSON, search).  Prints requests/s, latency
percentiles and the error count.  Loopback only; bounded in requests and time.

    python benchmarks/load.py --corpus examples/corpus --requests 2000 --concurrency 20
    python benchmarks/load.py --db sqlite:///demo.db
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(corpus: str, workdir: Path) -> str:
    from storyline.pipeline import build
    from storyline.store import Store

    url = f"sqlite:///{workdir / 'load.db'}"
    started = time.perf_counter()
    report = build(Store(url), [corpus])
    print(f"built {url}: {report.added} articles, {report.events} events, {report.stories} stories "
          f"in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return url


def request_mix(db_url: str, max_articles: int = 40) -> list[tuple[str, str]]:
    """(kind, path) pairs covering every page type, taken from the store's own content."""
    from storyline.store import Store

    store = Store(db_url)
    stories = store.stories()
    articles = store.articles()[:max_articles]
    mix: list[tuple[str, str]] = [("front", "/"), ("api_stories", "/api/stories")]
    for story in stories:
        mix += [("story_page", f"/stories/{story.id}"), ("api_story", f"/api/stories/{story.id}")]
        word = max(story.title.split(), key=len, default="")
        if word:
            mix += [("search_page", f"/search?q={word}"), ("api_search", f"/api/search?q={word}")]
    for article in articles:
        mix.append(("article_page", f"/articles/{article.id}"))
        mix.append(("api_article", f"/api/articles/{article.id}"))
        if article.sentences:
            s = article.sentences[0]
            mix.append(("api_span", f"/api/articles/{article.id}/span?start={s.start}&end={s.end}"))
    return mix


async def run_load(base: str, mix: list[tuple[str, str]], total: int, concurrency: int, deadline_s: float):
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    queue = itertools.islice(itertools.cycle(mix), total)
    stop_at = time.perf_counter() + deadline_s
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:

        async def worker() -> None:
            for kind, path in queue:  # the shared iterator hands each request to one worker
                if time.perf_counter() > stop_at:
                    errors.append("deadline")
                    continue
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    await response.aread()
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {path}")
                except httpx.HTTPError as exc:
                    errors.append(f"{exc.__class__.__name__} {path}")
                latencies[kind].append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to report server cost per request
    independently of how busy the shared machine is."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", help="folder of articles to build into a fresh temporary store")
    source.add_argument("--db", help="an existing store (SQLAlchemy URL)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--max-seconds", type=float, default=300, help="stop issuing requests after this long")
    args = parser.parse_args()
    if not 0 < args.requests <= 100_000 or not 0 < args.concurrency <= 200:
        raise SystemExit("--requests must be 1..100000 and --concurrency 1..200")

    with tempfile.TemporaryDirectory(prefix="storyline-load-") as tmp:
        db_url = args.db or build_store(args.corpus, Path(tmp))
        mix = request_mix(db_url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if k != "STORYLINE_TOKEN"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "storyline.cli", "serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        try:
            wait_ready(base, proc)
            for _, path in mix:  # warm-up: one pass over the mix (also builds the search index)
                httpx.get(base + path, timeout=30)
            cpu_before = cpu_seconds(proc.pid)
            latencies, errors, elapsed = asyncio.run(
                run_load(base, mix, args.requests, args.concurrency, args.max_seconds)
            )
            cpu_after = cpu_seconds(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    every = [v for values in latencies.values() for v in values]
    print(f"requests {len(every)}  concurrency {args.concurrency}  distinct paths {len(mix)}  elapsed {elapsed:.2f}s")
    print(f"throughput {len(every) / elapsed:.1f} requests/s")
    print("latency ms  p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  max {:.1f}".format(
        *(1000 * percentile(every, q) for q in (50, 95, 99)), 1000 * max(every)))
    if cpu_before is not None and cpu_after is not None:
        print(f"server CPU {cpu_after - cpu_before:.2f}s = {1000 * (cpu_after - cpu_before) / len(every):.2f} ms/request"
              f"  (machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"errors {len(errors)}" + (f"  first: {errors[:3]}" if errors else ""))
    print("per kind (n, p50 ms, p95 ms):")
    for kind in sorted(latencies):
        values = latencies[kind]
        print(f"  {kind:13s} {len(values):5d} {1000 * statistics.median(values):8.1f} {1000 * percentile(values, 95):8.1f}")
    raise SystemExit(1 if errors else 0)


if __name__ == "__main__":
    main()
