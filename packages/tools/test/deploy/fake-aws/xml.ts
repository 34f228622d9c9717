/**
 * Just enough XML for the fake CloudFront, IAM and STS: elements, attributes, text and the five
 * predefined entities. The fake keeps a distribution's config as this tree, so what deploy
 * sends back can be compared with what it read, element by element.
 */
import type { FakeAwsError, FakeResponse } from './server.ts';

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? whole;
  });
}

function encode(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function parseXml(source: string): XmlNode {
  const tokens = source
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/(<[^>]+>)/)
    .filter((token) => token.length > 0);
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  for (const token of tokens) {
    const top = stack.at(-1)!;
    if (!token.startsWith('<')) {
      top.text += decode(token);
      continue;
    }
    if (token.startsWith('</')) {
      const name = token.slice(2, -1).trim();
      if (top.name !== name) throw new Error(`XML: </${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const selfClosing = token.endsWith('/>');
    const body = token.slice(1, selfClosing ? -2 : -1).trim();
    const [name = '', ...rest] = body.split(/\s+/);
    const attributes: Record<string, string> = {};
    for (const match of rest.join(' ').matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) {
      attributes[match[1]!] = decode(match[2]!);
    }
    const node: XmlNode = { name, attributes, children: [], text: '' };
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack.at(-1)?.name}> is not closed`);
  const element = root.children[0];
  if (!element) throw new Error('XML: no root element');
  return element;
}

export function serializeXml(node: XmlNode, declaration = true): string {
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${encode(value).replace(/"/g, '&quot;')}"`)
    .join('');
  const inner =
    node.children.length > 0
      ? node.children.map((child) => serializeXml(child, false)).join('')
      : encode(node.text.trim());
  const element = `<${node.name}${attributes}>${inner}</${node.name}>`;
  return declaration ? `<?xml version="1.0" encoding="UTF-8"?>${element}` : element;
}

export function element(name: string, content: string | XmlNode[] = ''): XmlNode {
  return typeof content === 'string'
    ? { name, attributes: {}, children: [], text: content }
    : { name, attributes: {}, children: content, text: '' };
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

export function textOf(node: XmlNode | undefined, name: string): string | undefined {
  const found = child(node, name);
  return found ? found.text.trim() : undefined;
}

/**
 * A canonical string of a tree: children sorted by name (stable, so list items keep their
 * order), whitespace trimmed, attributes dropped. Two configs that mean the same serialize
 * the same, whatever element order each writer used.
 */
export function canonical(node: XmlNode): string {
  if (node.children.length === 0) return `<${node.name}>${node.text.trim()}</${node.name}>`;
  const sorted = [...node.children].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return `<${node.name}>${sorted.map(canonical).join('')}</${node.name}>`;
}

/** An XML answer: `node` becomes the document element, in the service's namespace. */
export function xmlResponse(
  status: number,
  namespace: string,
  node: XmlNode,
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', ...headers },
    body: serializeXml({ ...node, attributes: { xmlns: namespace } }),
  };
}

/** The error document CloudFront, IAM and STS share (`ErrorResponse` > `Error` > `Code`). */
export function xmlErrorResponse(namespace: string, error: FakeAwsError): FakeResponse {
  return xmlResponse(
    error.status,
    namespace,
    element('ErrorResponse', [
      element('Error', [
        element('Type', 'Sender'),
        element('Code', error.code),
        element('Message', error.message),
      ]),
      element('RequestId', 'fake-request-id'),
    ]),
  );
}
