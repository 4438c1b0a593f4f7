"""Running rules over documents: configuration, selection, suppressions, baselines, the engine."""
