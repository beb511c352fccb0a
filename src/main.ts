// Entry point: start the app once; if it cannot start, say why on the page instead of going blank.
import './ui/style.css';
import { App } from './ui/app';

function fail(e: unknown): void {
  const box = document.getElementById('messages') ?? document.body;
  const card = document.createElement('div');
  card.className = 'message message-error';
  card.setAttribute('role', 'alert');
  const title = document.createElement('strong');
  title.textContent = 'JEPA Playground could not start';
  const detail = document.createElement('p');
  detail.textContent = e instanceof Error ? e.message : String(e);
  card.append(title, detail);
  box.append(card);
  console.error(e);
}

try {
  const app = new App(window);
  app.start().catch(fail);
} catch (e) {
  fail(e);
}
