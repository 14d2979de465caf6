"""Measuring the site: benchmarks, synthetic corpora, figures and the Lighthouse audit."""
