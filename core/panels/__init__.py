"""What the waiting-room panels show and say: the snapshot, announcements, the media slot, the voice."""
