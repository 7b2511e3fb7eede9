// The only way the panel builds DOM: elements with attributes, and text as text nodes. There is no path from a
// string to markup here, so network-supplied text (certificate subjects, banners) can never become HTML.
import { visibleText } from './visibleText';

export type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Readonly<Record<string, string>>, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attributes?: Readonly<Record<string, string>>, ...children: Child[]): HTMLElement;
export function el(tag: string, attributes: Readonly<Record<string, string>> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(visibleText(child)) : child);
  }
}
