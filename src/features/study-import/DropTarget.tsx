import { useState, type DragEvent, type ReactNode } from 'react';

interface Props {
  readonly onDrop: (transfer: DataTransfer) => void;
  readonly children: ReactNode;
}

/** Lets a folder or files be dropped anywhere on the page. */
export function DropTarget({ onDrop, children }: Props) {
  const [over, setOver] = useState(false);
  const hasFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');
  return (
    <div
      className={over ? 'drop-target over' : 'drop-target'}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => {
        setOver(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(false);
        onDrop(event.dataTransfer);
      }}
    >
      {children}
    </div>
  );
}
