import { describe, expect, it } from 'vitest';
import { evaluateCel } from './evaluate';

function value(expr: string, activation: Record<string, unknown> = {}): unknown {
  const out = evaluateCel(expr, activation);
  if (!out.ok) throw new Error(out.error);
  return out.value;
}

function error(expr: string, activation: Record<string, unknown> = {}): string {
  const out = evaluateCel(expr, activation);
  if (out.ok) throw new Error(`no error: ${String(out.value)}`);
  return out.error;
}

describe('strings (cel-go strings extension, version 2)', () => {
  it.each([
    ['"hello".charAt(1)', 'e'],
    ['"hello".charAt(5)', ''],
    ['"hello".indexOf("l")', 2n],
    ['"hello".lastIndexOf("l")', 3n],
    ['"ÀBc".lowerAscii()', 'Àbc'],
    ['"àbC".upperAscii()', 'àBC'],
    ['"a-b-c".replace("-", "+")', 'a+b+c'],
    ['"a-b-c".replace("-", "+", 1)', 'a+b-c'],
    ['"a,b".split(",")', ['a', 'b']],
    ['"hello".substring(1, 3)', 'el'],
    ['"  x ".trim()', 'x'],
    ['["a", "b"].join("/")', 'a/b'],
    ['strings.quote("a\\"b\\n")', '"a\\"b\\n"'],
    ['"%s is %d years, %.2f%%".format(["x", 3, 1.5])', 'x is 3 years, 1.50%'],
    ['"%x %o %b".format([255, 8, 5])', 'ff 10 101'],
  ] as const)('%s', (expr, want) => {
    expect(value(expr.replace('["x", 3, 1.5]', '[dyn("x"), dyn(3), dyn(1.5)]'))).toEqual(want);
  });

  it('charAt out of range is an error', () => {
    expect(error('"ab".charAt(3)')).toMatch(/index out of range/);
  });
});

describe('lists (Kubernetes lists library and cel-go lists/sets extensions)', () => {
  it.each([
    ['[1, 2, 3].isSorted()', true],
    [['b', 'a'].map((x) => `"${x}"`).join() && '["b", "a"].isSorted()', false],
    ['[1, 2, 3].sum()', 6n],
    ['[1.5, 2.5].sum()', 4],
    ['[3, 1, 2].min()', 1n],
    ['[3, 1, 2].max()', 3n],
    ['[1, 2, 1].indexOf(1)', 0n],
    ['[1, 2, 1].lastIndexOf(1)', 2n],
    ['[1, 2, 3, 4].slice(1, 3)', [2n, 3n]],
    ['[[1], [2, 3]].flatten()', [1n, 2n, 3n]],
    ['[1, 2, 1].distinct()', [1n, 2n]],
    ['[1, 2].reverse()', [2n, 1n]],
    ['[3, 1, 2].sort()', [1n, 2n, 3n]],
    ['[1, 2].first().value()', 1n],
    ['[].first().hasValue()', false],
    ['lists.range(3)', [0n, 1n, 2n]],
    ['sets.contains([1, 2, 3], [3, 1])', true],
    ['sets.equivalent([1, 2], [2, 1, 1])', true],
    ['sets.intersects([1, 2], [3])', false],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });

  it('min of an empty list is an error', () => {
    expect(error('[].min()')).toMatch(/empty list/);
  });
});

describe('regex (RE2 syntax and semantics, re2js)', () => {
  it.each([
    ['"abc123".matches("[0-9]+$")', true],
    ['"ABC".matches("(?i)abc")', true],
    ['"abc".matches("\\\\Aab")', true],
    ['"abc\\n".matches("c\\\\z")', false],
    ['"aaa".find("(?U)a+")', 'a'],
    ['"a1b2".find("[0-9]")', '1'],
    ['"a1b2".find("x")', ''],
    ['"a1b2c3".findAll("[0-9]")', ['1', '2', '3']],
    ['"a1b2c3".findAll("[0-9]", 2)', ['1', '2']],
    ['"a1b2c3".findAll("[0-9]", 0)', []],
    ['"baaac".findAll("a*")', ['', 'aaa', '']],
    ['"ab".matches("[[:alpha:]]+")', true],
    ['"Émile".matches("^\\\\pL+$")', true],
    ['"😀".matches("^.$")', true],
    ['"a.b".matches("\\\\Qa.b\\\\E")', true],
    ['"ab".find("(?P<first>a)b")', 'ab'],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });

  it.each([
    ['"a".matches("(")', /error parsing regexp: missing closing \)/],
    ['"a".matches("\\\\C")', /invalid escape sequence/],
    ['"a".matches("(?<=a)b")', /invalid named capture/],
    ['"a".matches("a{1001}")', /invalid repeat count/],
  ] as const)('%s is an error, as in Go', (expr, want) => {
    expect(error(expr)).toMatch(want);
  });

  it('a pattern that backtracks catastrophically elsewhere runs in linear time', () => {
    const s = `${'a'.repeat(100_000)}b`;
    const started = performance.now();
    expect(value('object.s.matches("^(a+)+$")', { object: { s } })).toBe(false);
    expect(value('object.s.find("(a|aa)+$")', { object: { s } })).toBe('');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('url', () => {
  it.each([
    ['url("https://user@example.com:8443/a%20b?x=1&x=2").getScheme()', 'https'],
    ['url("https://example.com:8443/p").getHost()', 'example.com:8443'],
    ['url("https://[::1]:80/p").getHostname()', '::1'],
    ['url("https://example.com:8443/p").getPort()', '8443'],
    ['url("https://example.com/a b").getEscapedPath()', '/a%20b'],
    ['url("https://example.com/?x=1&x=2&y=").getQuery()', { x: ['1', '2'], y: [''] }],
    ['url("/just/a/path").getHost()', ''],
    ['isURL("not a url")', false],
    ['isURL("https://example.com")', true],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });
});

describe('quantity', () => {
  it.each([
    ['quantity("1Gi").isGreaterThan(quantity("1000Mi"))', true],
    ['quantity("500m").isLessThan(quantity("1"))', true],
    ['quantity("1k").compareTo(quantity("1000"))', 0n],
    ['quantity("1.5").isInteger()', false],
    ['quantity("2Ki").asInteger()', 2048n],
    ['quantity("250m").asApproximateFloat()', 0.25],
    ['quantity("-1").sign()', -1n],
    ['quantity("1").add(quantity("500m")).asApproximateFloat()', 1.5],
    ['quantity("1").sub(1).sign()', 0n],
    ['quantity("1e3").asInteger()', 1000n],
    ['isQuantity("1Gi")', true],
    ['isQuantity("1GB")', false],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });

  it('a non-integer as integer is an error', () => {
    expect(error('quantity("1.5").asInteger()')).toMatch(/cannot convert/);
  });
});

describe('ip and cidr', () => {
  it.each([
    ['ip("192.168.0.1").family()', 4n],
    ['ip("2001:db8::1").family()', 6n],
    ['ip("127.0.0.1").isLoopback()', true],
    ['ip("fe80::1").isLinkLocalUnicast()', true],
    ['ip("8.8.8.8").isGlobalUnicast()', true],
    ['ip("::").isUnspecified()', true],
    ['ip.isCanonical("2001:db8::1")', true],
    ['ip.isCanonical("2001:DB8::1")', false],
    ['string(ip("2001:db8:0:0:0:0:0:1"))', '2001:db8::1'],
    ['isIP("01.2.3.4")', false],
    ['isIP("::ffff:1.2.3.4")', false],
    ['cidr("10.0.0.0/8").containsIP("10.1.2.3")', true],
    ['cidr("10.0.0.0/8").containsIP(ip("11.0.0.1"))', false],
    ['cidr("10.0.0.0/8").containsCIDR("10.1.0.0/16")', true],
    ['cidr("10.1.2.3/8").masked() == cidr("10.0.0.0/8")', true],
    ['cidr("10.0.0.0/8").prefixLength()', 8n],
    ['string(cidr("10.0.0.0/8").ip())', '10.0.0.0'],
    ['isCIDR("10.0.0.0/33")', false],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });
});

describe('format', () => {
  it.each([
    ['format.dns1123Label().validate("my-name").hasValue()', false],
    ['format.dns1123Label().validate("My_Name").hasValue()', true],
    ['format.dns1123Subdomain().validate("a.b-c").hasValue()', false],
    ['format.dns1035Label().validate("1abc").hasValue()', true],
    ['format.qualifiedName().validate("example.com/name").hasValue()', false],
    ['format.labelValue().validate("").hasValue()', false],
    ['format.dns1123LabelPrefix().validate("prefix-").hasValue()', false],
    ['format.uuid().validate("123e4567-e89b-12d3-a456-426614174000").hasValue()', false],
    ['format.date().validate("2024-02-30").hasValue()', true],
    ['format.named("dns1123Label").hasValue()', true],
    ['format.named("nope").hasValue()', false],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });
});

describe('cost limits: every loop is paid for, no clock', () => {
  const big = 'a'.repeat(100_000);
  const huge = 'a'.repeat(10_000_000);

  it('an expression past the per-call cost limit stops with the API server message', () => {
    const out = evaluateCel('lists.range(1000).all(a, lists.range(1000).all(b, a + b >= 0))');
    expect(out.ok).toBe(false);
    expect(!out.ok && out.kind).toBe('cost');
    expect(!out.ok && out.error).toMatch(/actual cost limit exceeded/);
  });

  it.each([
    ['lists.range(1000).all(a, lists.range(1000).all(b, a + b >= 0)) || true'],
    ['lists.range(1000).exists(a, lists.range(1000).all(b, a + b < 0))'],
  ])('a cost error cannot be absorbed: %s', (expr) => {
    const out = evaluateCel(expr);
    expect(!out.ok && out.kind).toBe('cost');
  });

  it.each([
    ['a list longer than anything charged', 'lists.range(1000000000).size() > 0'],
    ['a regular expression run many times', 'lists.range(100000).all(i, !object.big.matches("^(a+)+b$"))'],
    ['a regular expression over a very long string', 'object.huge.matches("^(a+)+b$")'],
    ['a regular expression with a large program', `"a".matches("${'(?:a{1000})'.repeat(200)}")`],
    ['findAll over a long string', 'size(object.huge.findAll("a")) > 0'],
    ['replace that multiplies the string', 'size(object.big.replace("", object.big)) > 0'],
    ['replace in a loop', 'lists.range(1000).all(i, size(object.big.replace("a", "bb")) > 0)'],
    [
      'join of a list that holds one long string many times',
      'size(lists.range(100000).map(i, object.big).join()) > 0',
    ],
    ['split in a loop', 'lists.range(1000).all(i, size(object.big.split("a")) > 0)'],
    ['charAt in a loop', 'lists.range(100000).all(i, object.big.charAt(i) == "a")'],
    ['contains in a loop', 'lists.range(100000).all(i, !object.big.contains("b"))'],
    ['string equality in a loop', 'lists.range(100000).all(i, object.big == object.big2)'],
    ['concatenation in a loop', 'lists.range(100000).all(i, size(object.big + object.big) > 0)'],
    [
      'format of a list that holds one long string many times',
      'size("%s".format([lists.range(10000).map(i, object.big)])) > 0',
    ],
    [
      'flatten of a list that holds one list many times',
      'size(lists.range(1000).map(i, lists.range(1000)).flatten()) > 0',
    ],
    ['distinct of a long list', 'size(lists.range(5000).distinct()) > 0'],
    ['sets of long lists', 'sets.contains(lists.range(10000), lists.range(10000))'],
    ['equality of lists that share their elements', 'object.shared == object.shared2'],
    ['a quantity of a million digits', 'quantity(object.digits).isInteger()'],
  ])('%s stops at the limit within a fraction of a second', (_what, expr) => {
    const shared = () => Array<unknown>(1000).fill(Array<unknown>(1000).fill(Array<string>(1000).fill('x')));
    const object = {
      big,
      huge,
      big2: 'a'.repeat(100_000),
      shared: shared(),
      shared2: shared(),
      digits: '1'.repeat(1_000_000),
    };
    const started = performance.now();
    const out = evaluateCel(expr, { object });
    expect(!out.ok && out.error).toMatch(/actual cost limit exceeded/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('library functions on inputs of most of a megabyte finish quickly, each paid for', () => {
    const started = performance.now();
    for (const [expr, s] of [
      ['isQuantity(object.s)', `${'1'.repeat(100_000)}\n`],
      ['isIP(object.s)', '1:'.repeat(400_000)],
      ['isCIDR(object.s)', `${'1.'.repeat(400_000)}/8`],
      ['isURL(object.s)', `http://[${':'.repeat(800_000)}`],
      ['format.dns1123Subdomain().validate(object.s).hasValue()', `${'a.'.repeat(400_000)}!`],
      ['format.qualifiedName().validate(object.s).hasValue()', `${'a-'.repeat(400_000)}!`],
      ['format.datetime().validate(object.s).hasValue()', `2020-01-01T00:00:00.${'1'.repeat(800_000)}!`],
    ] as const) {
      const out = evaluateCel(expr, { object: { s } });
      expect(out.ok, expr).toBe(true);
      expect(out.cost, expr).toBeGreaterThanOrEqual(s.length / 10);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('quantity as resource.ParseQuantity', () => {
  it.each([
    ['quantity("0.0000000001").compareTo(quantity("1n"))', 0n],
    ['quantity("-1.0000000001").compareTo(quantity("-1000000001n"))', 0n],
    ['quantity("9Ei").compareTo(quantity("9223372036854775807"))', 0n],
  ] as const)('%s', (expr, want) => {
    expect(value(expr)).toEqual(want);
  });
});
