"""Scene mapping (jieba + rapidfuzz + spaCy rules) and name normalisation."""
