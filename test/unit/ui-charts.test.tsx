// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart, LineChart } from '../../renderer/src/ui/index.js';

afterEach(cleanup);

describe('charts', () => {
  it('draws one bar per reason, largest first, and gives the numbers to screen readers in a table', () => {
    const { container } = render(
      <BarChart
        title="Rejected by reason"
        tone="danger"
        categoryLabel="Reason"
        valueLabel="Rows"
        data={[
          { key: 'missing_at', label: 'No @ in the email', value: 12 },
          { key: 'empty', label: 'Empty', value: 1204 },
        ]}
      />,
    );
    expect(container.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(2);
    const labels = [...container.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((tick) => tick.textContent);
    expect(labels).toEqual(['Empty', 'No @ in the email']);
    expect([...container.querySelectorAll('text.chart-value')].map((label) => label.textContent)).toEqual(['1,204', '12']);
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('row').map((row) => row.textContent)).toEqual(['ReasonRows', 'Empty1,204', 'No @ in the email12']);
    screen.getByRole('figure', { name: 'Rejected by reason' });
  });

  it('draws a line per series over time, dashed where asked, with a legend; says so when there is nothing yet', () => {
    const { container } = render(
      <LineChart
        title="List size and synced size over time"
        series={[
          { key: 'list', label: 'List size', tone: 'accent', points: [{ at: '2026-03-01T10:00:00.000Z', value: 100 }, { at: '2026-03-02T10:00:00.000Z', value: 150 }] },
          { key: 'synced', label: 'Synced', tone: 'info', dashed: true, points: [{ at: '2026-03-01T11:00:00.000Z', value: 90 }, { at: '2026-03-02T11:00:00.000Z', value: 150 }] },
        ]}
      />,
    );
    const lines = container.querySelectorAll('.recharts-line');
    expect(lines).toHaveLength(2);
    expect(container.querySelectorAll('.recharts-line-dots circle')).toHaveLength(4);
    expect(lines[1]!.querySelector('path')?.getAttribute('stroke-dasharray')).toBe('5 3');
    expect(container.querySelector('.chart-legend')?.textContent).toBe('List sizeSynced');
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(5);
    cleanup();
    render(<LineChart title="Empty" series={[{ key: 'list', label: 'List size', tone: 'accent', points: [] }]} empty="No sync yet." />);
    screen.getByText('No sync yet.');
    expect(screen.queryByRole('table')).toBeNull();
  });
});
