import t from 'tap'
import { TemplateSet } from './helpers/go-template/render.js'
import { formatFloat } from './helpers/go-template/values.js'

function render (source: string, data: unknown = {}): string {
  const set = new TemplateSet()
  set.add('test', source)
  return set.execute('test', data)
}

t.test('go template trim markers', async (t) => {
  t.equal(render('a  \n  {{- "b" -}}  \n  c'), 'abc')
  t.equal(render('a {{ "b" }} c'), 'a b c')
  t.equal(render('a\n{{- /* comment */}}\nb'), 'a\nb')
  t.equal(render('a {{/* comment */}} b'), 'a  b')
})

t.test('go template range and variables', async (t) => {
  const data = { Values: { tenants: { globex: { id: 2 }, acme: { id: 1 } }, list: ['x', 'y'] } }
  t.equal(render('{{ range $name, $tenant := .Values.tenants }}{{ $name }}={{ $tenant.id }};{{ end }}', data),
    'acme=1;globex=2;', 'maps in sorted key order')
  t.equal(render('{{ range .Values.list }}[{{ . }}]{{ end }}', data), '[x][y]')
  t.equal(render('{{ range $i, $v := .Values.list }}{{ $i }}{{ $v }}{{ end }}', data), '0x1y')
  t.equal(render('{{ range .Values.none }}x{{ else }}empty{{ end }}', { Values: { none: [] } }), 'empty')
  t.equal(render('{{ $x := "outer" }}{{ if true }}{{ $x := "inner" }}{{ $x }}{{ end }} {{ $x }}'), 'inner outer',
    'a variable declared in a block ends with it')
  t.equal(render('{{ range .Values.list }}{{ $.Values.list | len }}{{ end }}', data), '22', '$ is the root data')
})

t.test('go template conditions', async (t) => {
  const cases: Array<[unknown, string]> = [
    [null, 'no'], [false, 'no'], [0, 'no'], ['', 'no'], [[], 'no'], [{}, 'no'],
    [true, 'yes'], [1, 'yes'], ['x', 'yes'], [[0], 'yes'], [{ a: 1 }, 'yes']
  ]
  for (const [value, expected] of cases) {
    t.equal(render('{{ if .v }}yes{{ else }}no{{ end }}', { v: value }), expected, JSON.stringify(value))
  }
  t.equal(render('{{ if .a }}a{{ else if .b }}b{{ else }}c{{ end }}', { a: false, b: true }), 'b')
  t.equal(render('{{ with .a }}{{ .b }}{{ end }}', { a: { b: 'inner' } }), 'inner')
  t.equal(render('{{ and .a .a.b }}', { a: null }), '', 'and stops at the first false value')
  t.equal(render('{{ or .a "fallback" }}', { a: '' }), 'fallback')
})

t.test('go template numbers as in helm', async (t) => {
  t.equal(render('{{ .n }}', { n: 8080 }), '8080')
  t.equal(render('{{ .n }}', { n: 1_000_000 }), '1e+06', 'values are float64')
  t.equal(render('{{ .n | int }}', { n: 1_000_000 }), '1000000')
  t.equal(render('{{ gt (int .n) 1 }}', { n: 2 }), 'true')
  t.throws(() => render('{{ gt .n 1 }}', { n: 2 }), /incompatible types for comparison/)
  t.same([0.5, 123456, 1_500_000, 0.00001].map(formatFloat), ['0.5', '123456', '1.5e+06', '1e-05'])
})

t.test('go template functions', async (t) => {
  const data = { Values: { config: { b: 1, a: { list: ['x'] } }, name: 'relay' } }
  t.equal(render('{{ toYaml .Values.config | nindent 2 }}', data), '\n  a:\n    list:\n    - x\n  b: 1')
  t.equal(render('{{ default "d" .Values.missing }} {{ .Values.name | default "d" }}', data), 'd relay')
  t.equal(render('{{ printf "%s-%s" .Values.name "x" | trunc 7 | trimSuffix "-" }}', data), 'relay-x')
  t.equal(render('{{ $d := omit .Values.config "b" }}{{ $_ := set $d "c" 2 }}{{ keys $d | sortAlpha | join "," }}', data), 'a,c')
  t.equal(render('{{ keys .Values.config | sortAlpha | join "," }}', data), 'a,b', 'omit leaves the original map')
  t.equal(render('{{ $c := deepCopy .Values.config }}{{ $_ := set $c.a "list" "y" }}{{ $c.a.list }} {{ .Values.config.a.list }}', data),
    'y [x]', 'set on a deep copy leaves the original')
  t.equal(render('{{ "a\\"b" | quote }} {{ "s" | b64enc }}', data), '"a\\"b" cw==')
  t.equal(render('{{ toYaml (dict "k" ",") }}'), "k: ','", 'quotes as go-yaml does')
})

t.test('go template errors', async (t) => {
  t.throws(() => render('{{ .a.b }}', { a: null }), /nil pointer evaluating interface \{\}\.b/)
  t.throws(() => render('{{ lower "A" }}'), /function "lower" is not supported/)
  t.throws(() => render('{{ $missing }}'), /undefined variable "\$missing"/)
  t.throws(() => render('{{ if true }}open'), /unclosed if block/)
  t.throws(() => render('{{ template "x" . }}'), /template is not supported/)
  t.throws(() => render('{{ fail "stop here" }}'), /fail: stop here/)
})

t.test('go template include', async (t) => {
  const set = new TemplateSet()
  set.add('helpers', '{{- define "greeting" -}}hello {{ .name }}{{- end }}')
  set.add('page', '{{ include "greeting" (dict "name" .who) | upper }}')
  t.throws(() => set.execute('page', { who: 'relay' }), /function "upper" is not supported/)
  set.add('page', '[{{ include "greeting" (dict "name" .who) }}]')
  t.equal(set.execute('page', { who: 'relay' }), '[hello relay]')
})
