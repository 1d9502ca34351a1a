import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button } from '../ui/index.js';

interface Props {
  /** Changing it (e.g. the route) clears the error, so navigating away recovers. */
  resetKey: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  resetKey: string;
}

/** A screen that throws shows what happened instead of taking the whole window down. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Pinlist screen failed:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Alert
        tone="danger"
        title="This screen stopped working"
        actions={
          <Button size="sm" onClick={() => this.setState({ error: null })}>
            Try again
          </Button>
        }
      >
        {this.state.error.message}. Your data is safe; running imports and syncs keep going. Go to another screen, or reload the window.
      </Alert>
    );
  }
}
