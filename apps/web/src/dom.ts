/** Attributes of {@link h}: DOM attributes as strings, `on*` as listeners. */
export type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>
/** A child of {@link h}: an element, text, or nothing. */
export type Child = Node | string | null | undefined | false

/**
 * Creates an element with attributes and children (text is escaped by the DOM, never parsed as HTML).
 *
 * @example
 * h('button', { type: 'button', onclick: () => run() }, 'Run')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (typeof value === 'function') element.addEventListener(name.slice(2), value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    element.append(child)
  }
  return element
}

/**
 * A badge whose class and text say a status (HEALTHY, WARNING, LIQUIDATABLE, UNKNOWN, SOLVENT, STALE…).
 *
 * @example
 * badge('LIQUIDATABLE')
 */
export function badge(text: string, attributes: Attributes = {}): HTMLSpanElement {
  return h('span', { class: `badge badge-${text.toLowerCase()}`, ...attributes }, text)
}
