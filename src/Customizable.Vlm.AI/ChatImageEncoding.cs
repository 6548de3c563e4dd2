namespace Customizable.Vlm.AI;

/// <summary>How prompt images are encoded for the chat model.</summary>
public enum ChatImageEncoding
{
    /// <summary>Lossless PNG (<c>image/png</c>): exact pixels, larger requests. The default.</summary>
    Png = 0,

    /// <summary>JPEG (<c>image/jpeg</c>) at <see cref="ChatClientReasonerOptions.JpegQuality"/>: smaller requests; the original method sent JPEG.</summary>
    Jpeg = 1,
}
