package bleveindex

import (
	"fmt"
	"strconv"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// analyzerName is the name register gives docent's analyzer on an index mapping, the
// Analyzer of every text field. It carries analysis.Version.
const analyzerName = "docent-v" + analysis.Version

// analysisVersion changes whenever analysis produces different terms for the same text;
// the manifest records it so an index from another analysis is rebuilt.
const analysisVersion = analysis.Version

// analyzerType is the analyzer type registered with bleve's registry.
const analyzerType = "docent"

// analyzer is an analysis.Analyzer as bleve calls it.
type analyzer struct{ a *analysis.Analyzer }

// Analyze implements bleve's analysis.Analyzer.
func (x analyzer) Analyze(input []byte) bleveanalysis.TokenStream {
	var out bleveanalysis.TokenStream
	x.a.Each(string(input), func(t analysis.Token) {
		out = append(out, &bleveanalysis.Token{
			Term: []byte(t.Term), Start: t.Start, End: t.End, Position: t.Pos, Type: bleveanalysis.AlphaNumeric,
		})
	})
	return out
}

// analyzerConfig is the bleve custom-analyzer configuration of o; it is stored in the
// index mapping, so an index reopened later analyses queries the same way.
func analyzerConfig(o analysis.Options) map[string]any {
	stemmer := o.Stemmer
	if stemmer == "" {
		stemmer = analysis.DefaultStemmer
	}
	return map[string]any{"type": analyzerType, "stemmer": string(stemmer), "joined": !o.NoJoined, "short_stop": o.ShortStop, "irregular": !o.NoIrregular, "spelling": !o.NoSpelling}
}

func optionsFromConfig(config map[string]any) (analysis.Options, error) {
	var o analysis.Options
	if s, ok := config["stemmer"].(string); ok {
		o.Stemmer = analysis.Stemmer(s)
	}
	if j, ok := config["joined"]; ok {
		b, isBool := j.(bool)
		if !isBool {
			var err error
			if b, err = strconv.ParseBool(fmt.Sprint(j)); err != nil {
				return o, fmt.Errorf("analysis: joined = %v: want true or false", j)
			}
		}
		o.NoJoined = !b
	}
	if s, ok := config["short_stop"].(bool); ok {
		o.ShortStop = s
	}
	if s, ok := config["irregular"].(bool); ok {
		o.NoIrregular = !s
	}
	if s, ok := config["spelling"].(bool); ok {
		o.NoSpelling = !s
	}
	return o, nil
}

// register defines the analyzer analyzerName with opts on m.
func register(m *mapping.IndexMappingImpl, opts analysis.Options) error {
	if _, err := analysis.New(opts); err != nil {
		return err
	}
	if err := m.AddCustomAnalyzer(analyzerName, analyzerConfig(opts)); err != nil {
		return fmt.Errorf("register analyzer %s: %w", analyzerName, err)
	}
	return nil
}

func init() {
	err := registry.RegisterAnalyzer(analyzerType, func(config map[string]any, _ *registry.Cache) (bleveanalysis.Analyzer, error) {
		o, err := optionsFromConfig(config)
		if err != nil {
			return nil, err
		}
		a, err := analysis.New(o)
		if err != nil {
			return nil, err
		}
		return analyzer{a}, nil
	})
	if err != nil {
		panic("bleveindex: register the analyzer with bleve: " + err.Error())
	}
}
