// SARIF 2.1.0 output of `kubeward scan --format sarif`: exact regions, rule metadata with help and
// docs links, MITRE ATT&CK as a taxonomy (`taxa` + rule `relationships`), suppressions with their
// justification, and fixes as replacements.
import {
  ATTACK_VERSION,
  TACTICS,
  TECHNIQUES,
  tacticUrl,
  techniqueUrl,
  type TacticId,
  type TechniqueId,
} from '../attack';
import { snippetDefaults, type Edit } from '../engine/fix';
import { docsUrl, type Rule, type Severity } from '../engine/rule';
import type { Finding } from '../engine/run';
import type { LineIndex } from '../engine/text';
import type { CheckedFile } from './checked';
import { findingFingerprint, FINGERPRINT_KEY } from './fingerprint';
import { findingText } from './message';
import { indentedJson } from './json';
import { syntaxText } from './rows';
import { skippedNote, type OutputWriter, type Skipped } from './writer';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const ATTACK = 'MITRE ATT&CK';
const INFORMATION_URI = 'https://github.com/kubeward/kubeward';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

/** GitHub code scanning's `security-severity` (0–10) per default severity. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  error: '8.0',
  warning: '5.5',
  info: '3.0',
  hint: '1.0',
};

export interface SarifOptions {
  version: string;
  rules: readonly Rule[];
  /** `file://` URI of the folder the artifact URIs are relative to (`%SRCROOT%`). */
  baseUri: string | undefined;
}

type Json = Record<string, unknown>;

function region(lines: LineIndex, start: number, end: number): Json {
  const s = lines.position(start);
  const e = lines.position(end);
  return {
    startLine: s.line + 1,
    startColumn: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
  };
}

function artifact(uri: string): Json {
  return uri === '<stdin>' ? { uri: 'stdin' } : { uri: encodeURI(uri), uriBaseId: '%SRCROOT%' };
}

const SYNTAX_RULE_ID = 'yaml-syntax';

function humanize(id: string): string {
  const s = id.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ruleDescriptor(rule: Rule): Json {
  const d = rule.docs;
  const markdown = [
    d.whatItDoes,
    '',
    `**Why is this bad?** ${d.whyBad}`,
    '',
    `**Remediation:** ${d.remediation}`,
    '',
    `**MITRE ATT&CK:** ${rule.attack.map((t) => `[${t} ${TECHNIQUES[t].name}](${techniqueUrl(t)})`).join(', ')}`,
    '',
    `[Documentation](${docsUrl(rule.id)})`,
  ].join('\n');
  const tags = ['security', 'kubernetes', ...(rule.pss ? [`pss-${rule.pss.level}`] : [])];
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: d.whatItDoes },
    help: { text: `${d.whyBad} ${d.remediation}`, markdown },
    helpUri: docsUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags,
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[rule.severity],
      ...(rule.pss ? { pss: { level: rule.pss.level, check: rule.pss.check } } : {}),
    },
    relationships: rule.attack.map((t) => ({
      target: { id: t, toolComponent: { name: ATTACK } },
      kinds: ['relevant'],
    })),
  };
}

function extraDescriptor(id: string): Json {
  if (id === SYNTAX_RULE_ID)
    return {
      id,
      name: 'YamlSyntax',
      shortDescription: { text: 'YAML syntax error' },
      fullDescription: {
        text: 'A document meant to be a Kubernetes object does not parse; it was not fully checked.',
      },
      help: { text: 'Fix the YAML syntax so the document can be checked.' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['kubernetes'] },
    };
  return {
    id,
    name: humanize(id).replace(/ /g, ''),
    shortDescription: { text: humanize(id) },
    helpUri: docsUrl(id),
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['kubernetes', 'suppression'] },
  };
}

function fixesOf(f: Finding, uri: string, lines: LineIndex): Json[] {
  return f.fixes
    .filter((fx) => fx.edits.length > 0)
    .map((fx) => ({
      description: { text: `${fx.title} (${fx.safety})` },
      artifactChanges: [
        {
          artifactLocation: artifact(uri),
          replacements: fx.edits.map((e: Edit) => ({
            deletedRegion: region(lines, e.start, e.end),
            insertedContent: { text: snippetDefaults(e.newText) },
          })),
        },
      ],
    }));
}

/** `JSON.stringify(value, null, 2)` for a value that sits `depth` spaces in (streamed output). */

/**
 * Writes the SARIF log of one scan (one run) as the scan goes: each file's results as soon as the
 * file is checked, so memory stays that of one file (a log of 10,000 files is ~190 MB of text).
 * The run's `results` come first and its rules, taxonomy and notes after them, because those
 * depend on what was found (members of a JSON object have no order). Pretty-printed like
 * `JSON.stringify(log, null, 2)`.
 */
export class SarifWriter implements OutputWriter {
  readonly needsResults = true;
  private readonly registry: Map<string, Rule>;
  private readonly descriptors: Json[] = [];
  private readonly ruleIndex = new Map<string, number>();
  private readonly usedTechniques = new Set<TechniqueId>();
  private results = 0;

  constructor(
    private readonly opts: SarifOptions,
    private readonly write: (text: string) => void,
  ) {
    this.registry = new Map(opts.rules.map((r) => [r.id, r]));
    // Every rule of the registry is described, so a consumer can show rules with no results too.
    for (const r of opts.rules) this.indexOf(r.id);
    write(
      `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [`,
    );
  }

  private indexOf(id: string): number {
    let i = this.ruleIndex.get(id);
    if (i === undefined) {
      i = this.descriptors.length;
      const r = this.registry.get(id);
      this.descriptors.push(r ? ruleDescriptor(r) : extraDescriptor(id));
      if (r) for (const t of r.attack) this.usedTechniques.add(t);
      this.ruleIndex.set(id, i);
    }
    return i;
  }

  private emit(result: Json): void {
    this.write(`${this.results++ === 0 ? '\n' : ',\n'}        ${indentedJson(result, 8)}`);
  }

  private resultOf(
    f: Finding,
    uri: string,
    lines: LineIndex,
    show: (path: string) => string = (p) => p,
  ): Json {
    for (const t of f.attack) this.usedTechniques.add(t);
    const fixes = fixesOf(f, uri, lines);
    const rendered = f.rendered;
    return {
      ruleId: f.ruleId,
      ruleIndex: this.indexOf(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: findingText(f) },
      locations: [
        { physicalLocation: { artifactLocation: artifact(uri), region: region(lines, f.start, f.end) } },
      ],
      partialFingerprints: {
        'kubewardObject/v1': `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}/${f.ruleId}`,
        [FINGERPRINT_KEY]: findingFingerprint(uri, f),
      },
      ...(f.attack.length > 0
        ? { taxa: f.attack.map((t) => ({ id: t, toolComponent: { name: ATTACK } })) }
        : {}),
      ...(fixes.length > 0 ? { fixes } : {}),
      // A rendered chart's finding: where helm rendered it (a logical location: that text is no
      // file), and the template line that pulls a values-fed value in.
      ...(rendered
        ? {
            relatedLocations: [
              {
                id: 0,
                message: {
                  text: rendered.roots
                    ? `Built by ${rendered.roots.join(', ')}: ${rendered.path}`
                    : `Rendered from ${rendered.template}: ${rendered.path}`,
                },
                logicalLocations: [
                  { fullyQualifiedName: `${rendered.template}#${rendered.path}`, kind: 'element' },
                ],
              },
              ...rendered.related.map((r, i) => ({
                id: i + 1,
                message: { text: r.message },
                physicalLocation: {
                  artifactLocation: artifact(show(r.path)),
                  region: {
                    startLine: r.range.start.line + 1,
                    startColumn: r.range.start.character + 1,
                    endLine: r.range.end.line + 1,
                    endColumn: r.range.end.character + 1,
                  },
                },
              })),
            ],
          }
        : {}),
      properties: {
        kind: f.object.kind,
        name: f.object.name,
        ...(f.object.namespace ? { namespace: f.object.namespace } : {}),
        ...(f.pss ? { pss: { level: f.pss.level, check: f.pss.check } } : {}),
      },
    };
  }

  /** Writes one checked file's results: syntax errors, findings, then suppressed findings. */
  file(_rows: unknown, file: CheckedFile | undefined): void {
    if (file) this.addFile(file);
  }

  private addFile(file: CheckedFile): void {
    for (const s of file.syntax) {
      this.emit({
        ruleId: SYNTAX_RULE_ID,
        ruleIndex: this.indexOf(SYNTAX_RULE_ID),
        level: 'error',
        message: { text: syntaxText(s) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(file.display),
              region: region(file.lines, s.start, s.end),
            },
          },
        ],
      });
    }
    for (const p of file.problems) {
      this.emit({
        ruleId: p.code,
        ruleIndex: this.indexOf(p.code),
        level: p.severity,
        message: { text: p.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(file.display),
              region: region(file.lines, p.start, p.end),
            },
          },
        ],
      });
    }
    for (const f of file.findings) this.emit(this.resultOf(f, file.display, file.lines, file.show));
    for (const s of file.suppressed) {
      const r = this.resultOf(s.finding, file.display, file.lines, file.show);
      r.suppressions = [
        {
          kind: s.how === 'config' ? 'external' : 'inSource',
          status: 'accepted',
          ...(s.reason ? { justification: s.reason } : {}),
          ...(s.at && s.how !== 'config'
            ? {
                location: {
                  physicalLocation: {
                    artifactLocation: artifact(file.display),
                    region: region(file.lines, s.at.start, s.at.end),
                  },
                },
              }
            : {}),
          properties: { how: s.how, ...(s.until ? { until: s.until } : {}) },
        },
      ];
      this.emit(r);
    }
  }

  /** Ends the log: the rules, the ATT&CK taxonomy, the notes (skipped files). */
  finish(skipped: readonly Skipped[]): void {
    const tactics = new Set<TacticId>();
    for (const t of this.usedTechniques) for (const ta of TECHNIQUES[t].tactics) tactics.add(ta);
    const taxa: Json[] = [
      ...[...tactics].sort().map((ta) => ({
        id: ta,
        name: TACTICS[ta],
        shortDescription: { text: `Tactic: ${TACTICS[ta]}` },
        helpUri: tacticUrl(ta),
      })),
      ...[...this.usedTechniques].sort().map((t) => ({
        id: t,
        name: TECHNIQUES[t].name,
        shortDescription: { text: `Technique: ${TECHNIQUES[t].name}` },
        helpUri: techniqueUrl(t),
        relationships: TECHNIQUES[t].tactics.map((ta) => ({ target: { id: ta }, kinds: ['relevant'] })),
      })),
    ];
    const rest: Json = {
      tool: {
        driver: {
          name: 'Kubeward',
          version: this.opts.version,
          semanticVersion: this.opts.version,
          informationUri: INFORMATION_URI,
          rules: this.descriptors,
          supportedTaxonomies: [{ name: ATTACK, index: 0 }],
        },
      },
      taxonomies: [
        {
          name: ATTACK,
          version: ATTACK_VERSION,
          organization: 'MITRE',
          informationUri: 'https://attack.mitre.org/',
          shortDescription: { text: `MITRE ATT&CK v${ATTACK_VERSION}` },
          isComprehensive: false,
          taxa,
        },
      ],
      ...(this.opts.baseUri ? { originalUriBaseIds: { '%SRCROOT%': { uri: this.opts.baseUri } } } : {}),
      invocations: [
        {
          executionSuccessful: true,
          toolExecutionNotifications: skipped.map((n) => ({
            level: 'note',
            message: { text: skippedNote(n) },
            locations: [{ physicalLocation: { artifactLocation: artifact(n.display) } }],
          })),
        },
      ],
      columnKind: 'utf16CodeUnits',
    };
    this.write(this.results === 0 ? ']' : '\n      ]');
    for (const [k, v] of Object.entries(rest))
      this.write(`,\n      ${JSON.stringify(k)}: ${indentedJson(v, 6)}`);
    this.write('\n    }\n  ]\n}\n');
  }
}
