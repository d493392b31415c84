// A small XML reader and a validator driven by a simple XSD (global elements, refs, choice and
// sequence, required and undeclared attributes, pattern-restricted attribute types, mixed content).
// Enough to check junit.xml against test/fixtures/junit.xsd without a network or native parser.

/** One element of a parsed document. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five named entities and numeric character references; throws on any other. */
export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    if (!(ref in ENTITIES)) throw new Error(`unknown entity &${ref};`);
    return ENTITIES[ref]!;
  });
}

const TOKEN = /<\?[^]*?\?>|<!--[^]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)|(<)/g;
const ATTR = /([\w:.-]+)\s*=\s*"([^"]*)"/g;

/** Parses a well-formed document (double-quoted attributes only); throws where it is not well-formed. */
export function parseXml(xml: string): XmlNode {
  const stack: XmlNode[] = [{ name: '#document', attrs: {}, children: [], text: '' }];
  for (const m of xml.matchAll(TOKEN)) {
    const [, close, name, rawAttrs, selfClose, text, stray] = m;
    const top = stack[stack.length - 1]!;
    if (stray) throw new Error(`bare "<" at offset ${m.index}`);
    if (text !== undefined) {
      if (/&(?!(#x[0-9a-fA-F]+|#\d+|\w+);)/.test(text)) throw new Error(`bare "&" at offset ${m.index}`);
      top.text += decode(text);
    } else if (name && close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else if (name) {
      const attrs: Record<string, string> = {};
      for (const a of (rawAttrs ?? '').matchAll(ATTR)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
        attrs[a[1]!] = decode(a[2]!);
      }
      const node: XmlNode = { name, attrs, children: [], text: '' };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  const roots = stack[0]!.children;
  if (roots.length !== 1 || stack[0]!.text.trim()) throw new Error('a document needs exactly one root element');
  return roots[0]!;
}

/** What the schema allows for one element. */
interface Rule {
  attrs: Map<string, { required: boolean; pattern?: RegExp }>;
  children: Map<string, number>;
  text: boolean;
}

/** The rules of every global element of a schema, keyed by element name. */
export type Schema = Map<string, Rule>;

const local = (n: XmlNode) => n.name.replace(/^xs:/, '');
const kids = (n: XmlNode, name: string) => n.children.filter((c) => local(c) === name);

/** Reads the schema subset junit.xsd uses into per-element rules. */
export function loadSchema(xsd: string): Schema {
  const root = parseXml(xsd);
  const patterns = new Map<string, RegExp>();
  for (const st of kids(root, 'simpleType')) {
    const p = kids(kids(st, 'restriction')[0]!, 'pattern')[0]!;
    // XSD patterns are implicitly anchored.
    patterns.set(st.attrs.name!, new RegExp(`^(?:${p.attrs.value})$`));
  }
  const types = new Map(kids(root, 'complexType').map((ct) => [ct.attrs.name!, ct] as const));
  const schema: Schema = new Map();
  const ruleOf = (el: XmlNode): Rule => {
    const type = el.attrs.type;
    if (type === 'xs:string') return { attrs: new Map(), children: new Map(), text: true };
    const ct = type ? types.get(type) : kids(el, 'complexType')[0];
    if (!ct) throw new Error(`unsupported type of <${el.attrs.name}>`);
    const rule: Rule = { attrs: new Map(), children: new Map(), text: ct.attrs.mixed === 'true' };
    for (const a of kids(ct, 'attribute')) rule.attrs.set(a.attrs.name!, { required: a.attrs.use === 'required', pattern: patterns.get(a.attrs.type ?? '') });
    collectParticles(ct, rule, 1, schema, ruleOf);
    return rule;
  };
  for (const el of kids(root, 'element')) schema.set(el.attrs.name!, ruleOf(el));
  return schema;
}

/** Adds the elements a sequence or choice allows, with how many times each may appear. */
function collectParticles(group: XmlNode, rule: Rule, outerMax: number, schema: Schema, ruleOf: (el: XmlNode) => Rule): void {
  for (const g of group.children.filter((c) => ['sequence', 'choice'].includes(local(c)))) {
    const max = g.attrs.maxOccurs === 'unbounded' ? Infinity : Number(g.attrs.maxOccurs ?? 1) * outerMax;
    for (const el of kids(g, 'element')) {
      const own = el.attrs.maxOccurs === 'unbounded' ? Infinity : Number(el.attrs.maxOccurs ?? 1);
      const name = el.attrs.ref ?? el.attrs.name!;
      rule.children.set(name, Math.max(rule.children.get(name) ?? 0, own * max));
      // A locally declared element (not a ref) gets its rule here.
      if (!el.attrs.ref && !schema.has(name)) schema.set(name, ruleOf(el));
    }
    collectParticles(g, rule, max, schema, ruleOf);
  }
}

/** Every way `doc` breaks `schema`, as readable lines (empty when valid). */
export function validate(doc: XmlNode, schema: Schema, rootName: string): string[] {
  const problems: string[] = [];
  if (doc.name !== rootName) problems.push(`root is <${doc.name}>, not <${rootName}>`);
  const visit = (node: XmlNode, where: string) => {
    const rule = schema.get(node.name);
    if (!rule) return void problems.push(`${where}: <${node.name}> is not declared`);
    for (const [name, value] of Object.entries(node.attrs)) {
      const decl = rule.attrs.get(name);
      if (!decl) problems.push(`${where}: attribute ${name} is not allowed`);
      else if (decl.pattern && !decl.pattern.test(value)) problems.push(`${where}: ${name}="${value}" does not match its type`);
    }
    for (const [name, decl] of rule.attrs) if (decl.required && !(name in node.attrs)) problems.push(`${where}: required attribute ${name} is missing`);
    if (!rule.text && node.text.trim()) problems.push(`${where}: text is not allowed in <${node.name}>`);
    const counts = new Map<string, number>();
    node.children.forEach((child, i) => {
      counts.set(child.name, (counts.get(child.name) ?? 0) + 1);
      if (!rule.children.has(child.name)) problems.push(`${where}: <${child.name}> is not allowed in <${node.name}>`);
      else visit(child, `${where}/${child.name}[${i}]`);
    });
    for (const [name, n] of counts) if (n > (rule.children.get(name) ?? 0)) problems.push(`${where}: <${name}> appears ${n} times`);
  };
  visit(doc, doc.name);
  return problems;
}
