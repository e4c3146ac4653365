"""An ingest killed mid-run leaves only whole documents, and a re-run completes the rest once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CITIES = ["Hamburg", "Leipzig", "Graz", "Basel", "Bremen", "Linz", "Kassel", "Ulm", "Trier", "Bozen"]
TOPICS = ["Haushalt", "Nahverkehr", "Schulbau", "Hochwasserschutz", "Stadtwerke", "Klinikum"]


def _report(number: int) -> str:
    city, topic = CITIES[number % len(CITIES)], TOPICS[number % len(TOPICS)]
    sentences = [
        f"Der Stadtrat von {city} hat am Dienstag über den {topic} beraten.",
        f"Nach Angaben der Verwaltung geht es um {number + 3},{number % 10} Millionen Euro.",
        f"„Wir haben lange verhandelt“, sagte Bürgermeisterin Anna Berger-{number}.",
        f"Die Opposition kritisierte den Zeitplan und will eine Anhörung bis zum {number % 27 + 1}. März.",
        f"Eine Entscheidung wird in {number % 5 + 2} Wochen erwartet, berichtete die Lokalzeitung.",
    ]
    return (
        f'---\ntitle: "{topic} in {city}: Stadtrat berät Vorlage {number}"\noutlet: Lokalzeitung {number}\n'
        f"language: de\npublished: 2025-03-{number % 27 + 1:02d}\n---\n\n" + "\n\n".join(sentences) + "\n"
    )


def _counts(db: Path) -> tuple[int, list[tuple[int, int, int]]]:
    connection = sqlite3.connect(db)
    try:
        documents = connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        rows = connection.execute(
            "SELECT d.id, (SELECT COUNT(*) FROM passages p WHERE p.document_id = d.id), "
            "(SELECT COUNT(*) FROM minhash_bands b WHERE b.document_id = d.id) FROM documents d"
        ).fetchall()
    finally:
        connection.close()
    return documents, rows


def _stored_so_far(db: Path) -> int:
    try:
        return _counts(db)[0] if db.exists() else 0
    except sqlite3.OperationalError:  # the file exists but the migration has not run yet
        return 0


def test_killed_ingest_leaves_whole_documents_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    total = 120
    for number in range(total):
        (folder / f"bericht-{number:03d}.md").write_text(_report(number), encoding="utf-8")
    db = tmp_path / "news.db"
    command = [sys.executable, "-m", "newsdesk", "ingest", str(folder), "--db", str(db)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if _stored_so_far(db) >= 10:
                break
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    stored, rows = _counts(db)
    assert 10 <= stored < total, "the run must be interrupted part-way for this test to mean anything"
    for _document, passages, bands in rows:
        assert passages == 5 and bands == 32

    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{total - stored} stored" in result.stderr and f"{stored} already present" in result.stderr
    final, rows = _counts(db)
    assert final == total
    assert all(passages == 5 and bands == 32 for _document, passages, bands in rows)
