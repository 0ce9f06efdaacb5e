"""Writing a batch's outputs in chunks: about four chunks per worker slot, order kept, every document once."""

from __future__ import annotations

from flows.steps import WRITE_CHUNK, write_chunks


def test_a_big_batch_is_written_in_a_few_chunks_per_slot_and_a_small_one_a_document_at_a_time():
    docs = list(range(200))
    chunks = write_chunks(docs, 2)  # type: ignore[arg-type]
    assert [x for c in chunks for x in c] == docs
    assert len(chunks) == 8 and max(map(len, chunks)) == WRITE_CHUNK
    assert write_chunks(list(range(4)), 2) == [[0], [1], [2], [3]]  # type: ignore[arg-type]
    assert len(write_chunks(list(range(10_000)), 2)) == 10_000 // WRITE_CHUNK  # type: ignore[arg-type]
    assert write_chunks([], 2) == []
