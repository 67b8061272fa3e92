package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The files under deploy/ cannot be run here (no Docker, no systemd, no cluster); these
// tests check what can be checked: they parse, name only variables docent reads, and
// keep the settings an operator relies on.

const deployDir = "../../deploy/"

// configVars maps every variable Config reads to its default ("" when none).
func configVars(tb testing.TB) map[string]string {
	tb.Helper()
	vars := map[string]string{}
	t := reflect.TypeFor[Config]()
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if name == "" {
			tb.Fatalf("Config.%s has no env tag", f.Name)
		}
		vars[name] = f.Tag.Get("envDefault")
	}
	return vars
}

func readDeploy(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(deployDir + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

var envLine = regexp.MustCompile(`^#?\s*([A-Z][A-Z0-9_]*)=(.*)$`)

func TestEnvExampleNamesEveryVariable(t *testing.T) {
	want := configVars(t)
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(readDeploy(t, "docent.env.example")))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		m := envLine.FindStringSubmatch(line)
		if m == nil {
			if line != "" && !strings.HasPrefix(line, "#") {
				t.Errorf("docent.env.example:%d: %q is neither a comment nor NAME=value", n, line)
			}
			continue
		}
		if _, dup := got[m[1]]; dup {
			t.Errorf("docent.env.example:%d: %s listed twice", n, m[1])
		}
		got[m[1]] = m[2]
	}
	for name, def := range want {
		v, ok := got[name]
		switch {
		case !ok:
			t.Errorf("docent.env.example lacks %s", name)
		case def != "" && v != def:
			t.Errorf("docent.env.example: %s=%s; want the default %s", name, v, def)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("docent.env.example names %s, which Config does not read", name)
		}
	}
}

// yamlDocs decodes every document of a multi-document YAML file.
func yamlDocs(tb testing.TB, name string) []map[string]any {
	tb.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(readDeploy(tb, name)))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			tb.Fatalf("%s: document %d: %v", name, len(docs)+1, err)
		}
		docs = append(docs, d)
	}
}

// dig follows keys (string) and indexes (int) into decoded YAML; nil when absent.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func TestComposeFile(t *testing.T) {
	docs := yamlDocs(t, "compose.yaml")
	if len(docs) != 1 {
		t.Fatalf("compose.yaml has %d documents; want 1", len(docs))
	}
	svc := dig(docs[0], "services", "docent")
	if svc == nil {
		t.Fatal("compose.yaml: no services.docent")
	}
	if got := dig(svc, "build", "dockerfile"); got != "deploy/Dockerfile" {
		t.Errorf("build.dockerfile = %v; want deploy/Dockerfile", got)
	}
	vars := configVars(t)
	env, _ := dig(svc, "environment").(map[string]any)
	for name := range env {
		if _, ok := vars[name]; !ok {
			t.Errorf("compose.yaml sets %s, which docent does not read", name)
		}
	}
	for _, name := range []string{"DOCENT_DATA_DIR", "DOCENT_INDEX_DIR", "DOCENT_CORPUS_DIR"} {
		if env[name] == nil {
			t.Errorf("compose.yaml: environment lacks %s", name)
		}
	}
	vols := strings.Join(toStrings(dig(svc, "volumes")), " ")
	for _, want := range []string{":/corpus:ro", ":/data", ":/cache"} {
		if !strings.Contains(vols, want) {
			t.Errorf("compose.yaml volumes %q lack %q", vols, want)
		}
	}
	if test := strings.Join(toStrings(dig(svc, "healthcheck", "test")), " "); !strings.Contains(test, "/readyz") {
		t.Errorf("healthcheck.test = %q; want a probe of /readyz", test)
	}
	if dig(svc, "read_only") != true || !slices.Contains(toStrings(dig(svc, "cap_drop")), "ALL") {
		t.Error("compose.yaml: want read_only: true and cap_drop: [ALL]")
	}
	if dig(docs[0], "volumes", "docent-data") == nil && dig(docs[0], "volumes") == nil {
		t.Error("compose.yaml: no named volume for the data folder")
	}
}

func TestKubernetesManifest(t *testing.T) {
	docs := yamlDocs(t, "kubernetes.yaml")
	byKind := map[string]map[string]any{}
	for i, d := range docs {
		kind, _ := d["kind"].(string)
		if kind == "" || d["apiVersion"] == nil || dig(d, "metadata", "name") == nil {
			t.Errorf("kubernetes.yaml document %d lacks kind, apiVersion or metadata.name", i+1)
		}
		byKind[kind] = d
	}
	for _, kind := range []string{"ConfigMap", "Deployment", "Service", "Job"} {
		if byKind[kind] == nil {
			t.Fatalf("kubernetes.yaml has no %s", kind)
		}
	}
	vars := configVars(t)
	cm, _ := dig(byKind["ConfigMap"], "data").(map[string]any)
	for name := range cm {
		if _, ok := vars[name]; !ok {
			t.Errorf("ConfigMap sets %s, which docent does not read", name)
		}
	}
	if cm["DOCENT_GATEWAY"] != "false" || cm["DOCENT_HTTP_ADDR"] == nil {
		t.Errorf("ConfigMap: want HTTP mode (DOCENT_GATEWAY=false, DOCENT_HTTP_ADDR set), got %v", cm)
	}

	// build once, serve many: the Job writes the index, the replicas only read it
	if cm["DOCENT_INDEX_READONLY"] != "true" {
		t.Errorf("ConfigMap: DOCENT_INDEX_READONLY = %v; want the replicas read-only", cm["DOCENT_INDEX_READONLY"])
	}
	job := dig(byKind["Job"], "spec", "template", "spec", "containers", 0)
	if args := dig(job, "args", 0); args != "index" || dig(job, "env", 0, "value") != "false" {
		t.Errorf("Job: args %v, env %v; want docent index, not read-only", args, dig(job, "env"))
	}
	for _, v := range toAny(dig(byKind["Deployment"], "spec", "template", "spec", "containers", 0, "volumeMounts")) {
		if dig(v, "name") == "index" && dig(v, "readOnly") != true {
			t.Error("Deployment mounts the index volume writable; want readOnly")
		}
	}

	dep := byKind["Deployment"]
	if n, _ := dig(dep, "spec", "replicas").(int); n < 2 {
		t.Errorf("Deployment replicas = %v; want several", dig(dep, "spec", "replicas"))
	}
	c := dig(dep, "spec", "template", "spec", "containers", 0)
	if got := dig(c, "readinessProbe", "httpGet", "path"); got != "/readyz" {
		t.Errorf("readinessProbe path = %v; want /readyz", got)
	}
	if got := dig(c, "livenessProbe", "httpGet", "path"); got != "/healthz" {
		t.Errorf("livenessProbe path = %v; want /healthz", got)
	}
	secrets := map[string]bool{}
	env, _ := dig(c, "env").([]any)
	for _, e := range env {
		name, _ := dig(e, "name").(string)
		if _, ok := vars[name]; !ok && name != "POD_NAME" {
			t.Errorf("container env sets %s, which docent does not read", name)
		}
		if dig(e, "valueFrom", "secretKeyRef") != nil {
			secrets[name] = true
		}
	}
	for _, name := range []string{"DISCORD_TOKEN", "DISCORD_PUBLIC_KEY"} {
		if !secrets[name] {
			t.Errorf("container env: %s should come from a Secret", name)
		}
	}
	if dig(c, "securityContext", "readOnlyRootFilesystem") != true || dig(dep, "spec", "template", "spec", "securityContext", "runAsNonRoot") != true {
		t.Error("Deployment: want runAsNonRoot and readOnlyRootFilesystem")
	}
	ports := map[any]bool{}
	for _, p := range toAny(dig(c, "ports")) {
		ports[dig(p, "name")] = true
	}
	if target := dig(byKind["Service"], "spec", "ports", 0, "targetPort"); !ports[target] {
		t.Errorf("Service targetPort %v is not a container port (%v)", target, ports)
	}
}

func TestSystemdUnit(t *testing.T) {
	sections := map[string]map[string][]string{}
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(readDeploy(t, "docent.service")))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cur = line[1 : len(line)-1]
			sections[cur] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || cur == "" || strings.TrimSpace(k) != k || k == "" {
				t.Fatalf("docent.service:%d: %q is not Key=value inside a section", n, line)
			}
			sections[cur][k] = append(sections[cur][k], v)
		}
	}
	for _, s := range []string{"Unit", "Service", "Install"} {
		if sections[s] == nil {
			t.Errorf("docent.service has no [%s] section", s)
		}
	}
	svc := sections["Service"]
	want := map[string]string{
		"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
		"PrivateTmp": "yes", "DynamicUser": "yes", "Restart": "on-failure",
		"StateDirectory": "docent", "CacheDirectory": "docent",
		"EnvironmentFile": "/etc/docent/docent.env", "KillSignal": "SIGTERM",
	}
	for k, v := range want {
		if got := svc[k]; !slices.Contains(got, v) {
			t.Errorf("[Service] %s = %v; want %s", k, got, v)
		}
	}
	if exec := svc["ExecStart"]; len(exec) != 1 || !strings.HasSuffix(exec[0], "docent serve") {
		t.Errorf("ExecStart = %v; want .../docent serve", exec)
	}
	vars := configVars(t)
	for _, e := range svc["Environment"] {
		name, _, _ := strings.Cut(e, "=")
		if _, ok := vars[name]; !ok {
			t.Errorf("Environment=%s: docent does not read %s", e, name)
		}
	}
}

func TestDockerfile(t *testing.T) {
	var froms, users []string
	var text strings.Builder
	var envs []string
	sc := bufio.NewScanner(bytes.NewReader(readDeploy(t, "Dockerfile")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		text.WriteString(line + "\n")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		switch fields[0] {
		case "FROM":
			froms = append(froms, fields[1])
		case "USER":
			users = append(users, fields[1])
		case "ENV":
			envs = append(envs, fields[1:]...)
		}
		if strings.HasPrefix(line, "DOCENT_") {
			envs = append(envs, fields...)
		}
	}
	if len(froms) < 2 {
		t.Errorf("Dockerfile has %d FROM lines; want a multi-stage build", len(froms))
	}
	if len(users) == 0 {
		t.Fatal("Dockerfile sets no USER; the image must not run as root")
	}
	if u := users[len(users)-1]; u == "root" || u == "0" || strings.HasPrefix(u, "0:") {
		t.Errorf("Dockerfile USER %s; want a non-root user", u)
	}
	all := text.String()
	for _, want := range []string{"CGO_ENABLED=0", "EXPOSE", "HEALTHCHECK", "VOLUME", "COPY --from="} {
		if !strings.Contains(all, want) {
			t.Errorf("Dockerfile lacks %s", want)
		}
	}
	vars := configVars(t)
	for _, e := range envs {
		name, _, ok := strings.Cut(e, "=")
		if !ok || !strings.HasPrefix(name, "DOCENT_") {
			continue
		}
		if _, known := vars[name]; !known {
			t.Errorf("Dockerfile sets %s, which docent does not read", name)
		}
	}
	// The token file and the corpus stay out of the build context.
	ignore := string(readDeploy(t, "Dockerfile.dockerignore"))
	for _, want := range []string{"deploy/docent.env", ".git"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(ignore) {
			t.Errorf("Dockerfile.dockerignore does not exclude %s", want)
		}
	}
	// The builder's Go matches go.mod's go directive (major.minor).
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if m == nil || !strings.Contains(froms[0], "golang:"+string(m[1])) {
		t.Errorf("builder image %s does not match go.mod's go %s", froms[0], m[1])
	}
}

func toAny(v any) []any { s, _ := v.([]any); return s }

func toStrings(v any) []string {
	var out []string
	for _, e := range toAny(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
