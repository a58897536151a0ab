"""The text toolkit shared by ingest, index and answer: folding, tokens, language, sentences, dates, names."""
