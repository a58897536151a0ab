"""Where a collection lives: one store contract, its SQL written once, a folder (SQLite + FAISS + bm25s) and a
PostgreSQL (pgvector + full-text search) backend."""
