// The renderer bench's baseline: the bare library (React and the app's stylesheet) drawing the
// same first screen as home (its count and a screen of rows with the same cells, buttons and
// classes) from data already in the page. The time it takes to be interactive in the same browser,
// the same way, is the floor under ours: what a page with React costs before any of our code.
import { createRoot } from 'react-dom/client';

const ROWS = 22;
const PROGRAMS = ['TSH Classic', 'TMG Merchant', 'D1 E-commerce', 'D1 Issuer'];
const STEPS = ['Identity', 'Thales certificates', 'Server', 'Connection test'];

function Row({ index }: { index: number }) {
  const missing = index % 3 === 0;
  const failing = index % 7 === 0;
  const marks = ['✓', missing ? '·' : '✓', '✓', failing ? '✗' : '✓'];
  const identifier = `CUST${String(index).padStart(5, '0')}`;
  const label = STEPS.map((s, i) => `${s}: ${marks[i] === '✓' ? 'done' : 'missing'}`).join(', ');
  return (
    <div className="row" role="row" aria-rowindex={index + 2} style={{ top: index * 40 }}>
      <span role="cell">{PROGRAMS[index % 4]}</span>
      <span role="cell">
        <button type="button" className="link">
          {identifier}
        </button>
      </span>
      <span role="cell">{index % 2 === 0 ? 'Pre-production' : 'Production'}</span>
      <span role="cell" className="steps" aria-label={label} title={label}>
        {marks.map((mark, i) => (
          <span key={i} className="mark done">
            {mark}
          </span>
        ))}
        <span className="step-text">{failing ? '3/4 · failing: Connection test' : '4/4 done'}</span>
      </span>
      <span role="cell" title={`${(index * 37) % 720} days`}>
        <span className="when">in {(index * 37) % 720} days</span> · Client certificate
      </span>
      <span role="cell">
        <button type="button" className="link quiet" title={`Archive ${identifier}…`}>
          Archive
        </button>{' '}
        <button type="button" className="link quiet" title={`Delete ${identifier}…`}>
          Delete
        </button>
      </span>
    </div>
  );
}

function Home() {
  return (
    <section>
      <h1>Onboardings</h1>
      <p className="count">10,000 of 10,000 onboardings</p>
      <div className="table" role="table">
        <div className="rows" style={{ height: 14 * 40 }}>
          <div style={{ height: 10_000 * 40, position: 'relative' }}>
            {Array.from({ length: ROWS }, (_, i) => (
              <Row key={i} index={i} />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

createRoot(document.getElementById('root')!).render(<Home />);
