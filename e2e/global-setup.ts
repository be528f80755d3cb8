import { makeFixtures } from './fixtures';

export default function globalSetup(): void {
  makeFixtures();
}
