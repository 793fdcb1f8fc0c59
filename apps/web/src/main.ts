import './style.css'
import { ApiRequestError, request } from './api/client.js'
import { accountDocument, type MarginModel, marginModels } from './api/documents.js'
import { h } from './dom.js'
import { type CascadeLink, readCascadeLink } from './pages/protocols-address.js'
import { mountProtocolsPage } from './pages/protocols-page.js'
import { mountWalletPage } from './pages/wallet-page.js'

/**
 * A parsed location hash: `#/wallet/0x…,0x…?model=ES`, `#/account/<id>`,
 * `#/protocols?wallets=0x…&shock=ETH%3D-25%25&scope=all`, `#/`.
 */
type Route =
  | { page: 'wallet'; addresses: string[]; model: MarginModel }
  | { page: 'account'; id: string; model: MarginModel }
  | { page: 'protocols'; addresses: string[]; model: MarginModel; cascade: CascadeLink | Error | undefined }
  | { page: 'home'; model: MarginModel }

function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?')
  const parameters = new URLSearchParams(query)
  const asked = parameters.get('model')
  const model = marginModels.find((m) => m === asked) ?? 'PORTFOLIO'
  const parts = path.split('/').filter((p) => p !== '')
  const list = (text: string | null | undefined) => (text ?? '').split(',').filter((a) => a !== '')
  if (parts[0] === 'wallet' && parts[1]) return { page: 'wallet', addresses: list(parts[1]), model }
  if (parts[0] === 'account' && parts[1]) return { page: 'account', id: decodeURIComponent(parts[1]), model }
  if (parts[0] === 'protocols') {
    let cascade: CascadeLink | Error | undefined
    try {
      cascade = readCascadeLink(parameters)
    } catch (error) {
      cascade = error as Error
    }
    return { page: 'protocols', addresses: list(parameters.get('wallets')), model, cascade }
  }
  return { page: 'home', model }
}

function mountHome(root: HTMLElement, model: MarginModel) {
  const input = h('input', { id: 'address', placeholder: '0x… (several: comma separated)', required: true })
  root.replaceChildren(
    h('h1', {}, 'xmargin'),
    h('p', {}, 'One unified portfolio margin over every chain and venue a set of wallets holds.'),
    h(
      'form',
      {
        class: 'card',
        onsubmit: (event) => {
          event.preventDefault()
          location.hash = `#/wallet/${input.value.replace(/\s+/g, '')}?model=${model}`
        },
      },
      h('label', { class: 'field', for: 'address' }, h('span', {}, 'Wallet address(es)'), input),
      h('button', { type: 'submit' }, 'Open'),
    ),
  )
}

/** A named account: its wallets from the API, then the wallet page over them; an unknown id is an error. */
function mountAccount(id: string, model: MarginModel) {
  const shown = location.hash
  main.replaceChildren(h('p', {}, `Loading account ${id}…`))
  request(accountDocument, { id }).then(
    ({ account }) => {
      if (location.hash !== shown) return
      if (!account) {
        main.replaceChildren(h('p', { class: 'error', role: 'alert' }, `No account named "${id}".`))
        return
      }
      const addresses = account.wallets.map((w) => w.address)
      close = mountWalletPage(main, { addresses, model, title: `Account ${account.id}: ` })
    },
    (error: Error) => {
      const code = error instanceof ApiRequestError ? `${error.code}: ` : ''
      main.replaceChildren(h('p', { class: 'error', role: 'alert' }, `${code}${error.message}`))
    },
  )
}

const main = document.querySelector<HTMLElement>('#main')!
const modelSelect = document.querySelector<HTMLSelectElement>('#model')!
modelSelect.replaceChildren(...marginModels.map((m) => h('option', { value: m }, m)))
let close: (() => void) | undefined

function render() {
  close?.()
  close = undefined
  const route = parseRoute(location.hash)
  modelSelect.value = route.model
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-page]'))
    link.toggleAttribute('aria-current', link.dataset.page === route.page)
  if (route.page === 'wallet') close = mountWalletPage(main, route)
  else if (route.page === 'account') mountAccount(route.id, route.model)
  else if (route.page === 'protocols') close = mountProtocolsPage(main, route)
  else mountHome(main, route.model)
}

modelSelect.addEventListener('change', () => {
  const [path = '#/', query = ''] = location.hash.split('?')
  const parameters = new URLSearchParams(query)
  parameters.set('model', modelSelect.value)
  location.hash = `${path}?${parameters}`
})
// The skip link moves the focus to the content: followed as a link, `#main` would be a route (home).
document.querySelector<HTMLAnchorElement>('a.skip')?.addEventListener('click', (event) => {
  event.preventDefault()
  main.focus()
})
window.addEventListener('hashchange', render)
render()
