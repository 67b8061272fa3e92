package webpage

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata/")

// charsetCases are pages in legacy charsets: each is written to testdata/charset as
// <name>-declared.html (with <meta charset>) and <name>-undeclared.html (without).
var charsetCases = []struct {
	name, label string
	enc         encoding.Encoding
	text        string
}{
	{"windows-1251", "windows-1251", charmap.Windows1251,
		"Москва — столица России, город федерального значения. Это крупнейший по численности населения город страны и её административный центр."},
	{"koi8-r", "koi8-r", charmap.KOI8R,
		"Санкт-Петербург основан в тысяча семьсот третьем году. Город стоит на реке Неве у побережья Финского залива."},
	{"iso-8859-2", "iso-8859-2", charmap.ISO8859_2,
		"Zażółć gęślą jaźń. Łódź jest trzecim co do wielkości miastem w Polsce, położonym w centralnej części kraju. Příliš žluťoučký kůň úpěl ďábelské ódy."},
	{"windows-1252", "windows-1252", charmap.Windows1252,
		"L’été dernier, nous sommes allés à la montagne près de Genève. Les élèves étaient très contents – c’était génial, n’est-ce pas ? Größe und Übermaß."},
	{"shift_jis", "shift_jis", japanese.ShiftJIS,
		"日本語の文章を正しく読み込めるかどうかを確認します。東京は日本の首都であり、たくさんの人が住んでいます。ひらがなとカタカナも含みます。"},
	{"euc-jp", "euc-jp", japanese.EUCJP,
		"これはEUC-JPで書かれたページです。京都には古いお寺がたくさんあり、毎年多くの観光客が訪れます。"},
	{"gbk", "gbk", simplifiedchinese.GBK,
		"这是一个用来测试中文编码的网页。北京是中国的首都，有很多历史悠久的建筑。我们在这里说明文字的内容和意思。"},
	{"big5", "big5", traditionalchinese.Big5,
		"這是一個用來測試中文編碼的網頁。台北是台灣最大的城市，有很多好吃的東西。我們在這裡說明文字的內容和意思。"},
	{"euc-kr", "euc-kr", korean.EUCKR,
		"이것은 한국어 인코딩을 확인하기 위한 문서입니다. 서울은 대한민국의 수도이며 많은 사람들이 살고 있습니다. 우리는 이 글을 읽을 수 있어야 합니다."},
}

func charsetPage(label, text string) string {
	head := "<title>Test</title>"
	if label != "" {
		head = `<meta charset="` + label + `">` + head
	}
	return "<!doctype html><html><head>" + head + "</head><body><article><p>" + text + "</p></article></body></html>"
}

func TestCharsets(t *testing.T) {
	for _, tc := range charsetCases {
		for _, declared := range []bool{true, false} {
			name := tc.name + "-undeclared"
			label := ""
			if declared {
				name, label = tc.name+"-declared", tc.label
			}
			path := filepath.Join("testdata", "charset", name+".html")
			t.Run(name, func(t *testing.T) {
				if *update {
					enc, err := tc.enc.NewEncoder().String(charsetPage(label, tc.text))
					if err != nil {
						t.Fatalf("encode %s: %v", name, err)
					}
					if err := os.WriteFile(path, []byte(enc), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("read fixture (run with -update to create): %v", err)
				}
				a, err := Extract(data)
				if err != nil {
					t.Fatalf("Extract(%s): %v", name, err)
				}
				if got := a.Text(); got != tc.text {
					t.Errorf("Extract(%s).Text() = %q; want %q", name, got, tc.text)
				}
				if a.Charset != tc.name {
					t.Errorf("Extract(%s).Charset = %q; want %q", name, a.Charset, tc.name)
				}
			})
		}
	}
}

func TestDecodeSpecialCases(t *testing.T) {
	text := "Grüße aus Köln – ein Absatz mit Umlauten und „Anführungszeichen“."
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(charsetPage("", text))
	tests := []struct {
		name    string
		data    []byte
		want    string
		charset string
	}{
		{"utf-8 undeclared", []byte(charsetPage("", text)), text, "utf-8"},
		{"utf-8 with bom", append([]byte("\xef\xbb\xbf"), charsetPage("utf-8", text)...), text, "utf-8"},
		{"utf-16 with bom", []byte(utf16), text, "utf-16le"},
		{"http-equiv declaration", []byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>` +
			string([]byte{0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2}) + `</p></body></html>`), "Привет", "windows-1251"},
		{"mislabelled utf-8", mustEncode(t, charmap.Windows1251, charsetPage("utf-8", "Это страница в кодировке windows-1251, хотя заявлена другая.")),
			"Это страница в кодировке windows-1251, хотя заявлена другая.", "windows-1251"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(tc.data)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			if got := a.Text(); got != tc.want || a.Charset != tc.charset {
				t.Errorf("Extract() = %q in %s; want %q in %s", got, a.Charset, tc.want, tc.charset)
			}
		})
	}
}

func mustEncode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	out, err := e.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

func TestUndecodable(t *testing.T) {
	page := []byte(`<html><head><meta charset="gbk"><title>x</title></head><body><p>` +
		string(bytes.Repeat([]byte{0xff, 0x80}, 200)) + `</p></body></html>`)
	_, err := Extract(page)
	if !errors.Is(err, ErrUndecodable) {
		t.Fatalf("Extract(invalid gbk) error = %v; want ErrUndecodable", err)
	}
	if !strings.Contains(err.Error(), "gbk") {
		t.Errorf("error %q does not name the charset", err)
	}
}
