package analysis_test

func extraExperiments() []config { return nil }
